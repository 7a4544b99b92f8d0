import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {AuthenticationError, ModerationError, SpeechServiceError} from '../../src/core/errors.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {prepareNarration, type NarratedComposition, type PrepareEvent} from '../../src/node/prepare/prepare-narration.ts';
import {createScriptedProvider, type ScriptedOutcome, type ScriptedProviderOptions} from '../../src/node/providers/scripted/create-scripted-provider.ts';
import {createProgress} from '../../src/cli/progress.ts';

/**
 * The engine against the in-memory scripted provider: what it retries, what it stops, what it
 * says, with no network and no voice engine.
 */
const narration = (cues: Narration['cues']): Narration => ({voice: {speakerId: 'narrator'}, cues});
const composition = (cues: Narration['cues']): NarratedComposition[] => [{id: 'Demo', narration: narration(cues)}];

describe('prepareNarration with a scripted provider', () => {
  let publicDir: string;
  beforeEach(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-engine-'));
    return () => rm(publicDir, {recursive: true, force: true});
  });

  const run = (compositions: NarratedComposition[], options: ScriptedProviderOptions = {}, events: PrepareEvent[] = []) => {
    const provider = createScriptedProvider(options);
    return {
      provider,
      result: prepareNarration({compositions, provider, publicDir, retryDelayMs: 1, concurrency: 2, onEvent: (event) => events.push(event)}),
    };
  };

  it('retries a transient failure, counts every request and names the cue in the retry event', async () => {
    const events: PrepareEvent[] = [];
    const {provider, result} = run(
      composition([{id: 'flaky', text: 'Flaky line.'}, {id: 'steady', text: 'Steady line.'}]),
      {
        script: (request, index): ScriptedOutcome =>
          request.text === 'Flaky line.' && index < 2 ? {error: new SpeechServiceError('busy server', {status: 503, transient: true})} : {},
      },
      events,
    );
    const {outcomes, synthesizeCalls} = await result;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['generated', 'generated']);
    expect(synthesizeCalls).toBe(4);
    expect(provider.calls).toHaveLength(4);
    const retries = events.filter((event) => event.type === 'retry');
    expect(retries).toHaveLength(2);
    expect(retries[0]!.cues).toEqual([{compositionId: 'Demo', cueId: 'flaky', text: 'Flaky line.'}]);
  });

  it('says who refused a moderated line in the provider\'s own words, and never asks again', async () => {
    const {provider, result} = run(composition([{id: 'bad', text: 'Rude words.'}]), {
      script: () => ({error: new ModerationError('refused', 'Not allowed here.', {refusedBy: 'the scripted censor'})}),
    });
    const {failedCues} = await result;
    expect(failedCues[0]!.message).toBe(
      'Composition "Demo", cue "bad" ("Rude words.") was refused by the scripted censor: Not allowed here. Reword the line; moderated text is not retried automatically.',
    );
    expect(provider.calls).toHaveLength(1);
  });

  it('splits text within the provider\'s own limits, and refuses before any request what no split can fit', async () => {
    const limits = {maxCharacters: 12, maxSpeechInSeconds: 0.7, setBy: 'Tiny TTS'};
    const {provider, result} = run(composition([{id: 'long', text: 'One two three. Four five six seven.'}, {id: 'emoji', text: '🎉'}]), {limits});
    const {outcomes, failedCues} = await result;
    expect(outcomes[0]!.status).toBe('generated');
    expect(provider.calls.length).toBeGreaterThan(2);
    for (const call of provider.calls) expect([...call.text].length).toBeLessThanOrEqual(12);
    // One emoji is about 0.8 s of speech and cannot be split.
    expect(failedCues[0]!.message).toContain('of speech at speed 1, but Tiny TTS speaks at most 0.7 s in one request');
  });

  it('fails a cue holding a tag other than a bookmark before any request, and speaks bookmarked text without its marks', async () => {
    const {provider, result} = run(composition([{id: 'tag', text: 'Wait <break time="1s"/> here.'}, {id: 'mark', text: 'Look <mark name="chart"/> here.'}]));
    const {outcomes, failedCues} = await result;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'generated']);
    expect(failedCues[0]!.message).toBe(
      'Composition "Demo", cue "tag" ("Wait <break time="1s"/> here."): the text holds "<break time="1s"/>", which the speech service would read aloud. Only bookmarks (<mark name="..."/>) may be written in a cue; remove the tag.',
    );
    expect(provider.calls.map((call) => call.text)).toEqual(['Look here.']);
  });

  it('stops the run at an account-wide failure: the queued clips are never sent', async () => {
    const cues = Array.from({length: 8}, (_, index) => ({id: `cue-${index}`, text: `Line number ${index}.`}));
    const {provider, result} = run(composition(cues), {
      script: () => ({error: new AuthenticationError('token refused'), latencyMs: 5}),
    });
    const {failedCues} = await result;
    expect(failedCues).toHaveLength(8);
    expect(failedCues.every((failure) => failure.error instanceof AuthenticationError)).toBe(true);
    expect(provider.calls.length).toBeLessThanOrEqual(2); // the two already in flight
  });

  it('never runs more speech jobs at once than asked', async () => {
    const cues = Array.from({length: 6}, (_, index) => ({id: `cue-${index}`, text: `Parallel line ${index}.`}));
    const {provider, result} = run(composition(cues), {script: () => ({latencyMs: 20})});
    await result;
    expect(provider.peakConcurrency).toBe(2);
  });
});

describe('prepare progress lines', () => {
  it('name the composition and cue of a retry, not its cache key, and say the error once', () => {
    const lines: string[] = [];
    const output = {out: (line: string) => lines.push(line), err: (line: string) => lines.push(line), isTerminal: false, status: () => {}};
    const {onEvent} = createProgress({output, verbose: false, json: false});
    onEvent({
      type: 'retry',
      key: '25887f3bf29b6a14c640',
      cues: [{compositionId: 'Explainer', cueId: 'intro', text: 'Hello.'}],
      attempt: 1,
      error: new SpeechServiceError('Kling TTS answered 429: All configured Kling accounts are busy, try again later.', {status: 429, transient: true}),
      delayMs: 2000,
    });
    expect(lines).toEqual(['  retrying Explainer/intro in 2.0 s (try 2): Kling TTS answered 429: All configured Kling accounts are busy, try again later.']);
  });
});
