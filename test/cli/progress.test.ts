import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Output} from '../../src/cli/output.ts';
import {createProgress} from '../../src/cli/progress.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {prepareNarration, type NarratedComposition} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';

/** One paragraph cue: Kling takes at most 150 characters a request, so it is several clips. */
const PARAGRAPH =
  'Every second, the Sun turns about four million tonnes of matter into energy. That energy takes a surprisingly long time to reach us. ' +
  'A photon created in the core bounces around inside the Sun for thousands of years before it escapes. Once it is free, the trip to Earth ' +
  'takes only eight minutes. So the sunlight on your face today started its journey long before the pyramids were built. Astronomers call ' +
  'this the random walk of light, and it is one of the slowest journeys in physics.';

/** An Output as a terminal shows it: the live line's successive states are kept. */
const terminalOutput = () => {
  const statuses: string[] = [];
  const output: Output = {out: () => {}, err: () => {}, isTerminal: true, status: (line) => statuses.push(line)};
  return {output, statuses};
};

describe('the live progress line', () => {
  let fake: FakeUseapi;
  let publicDir: string;
  beforeAll(async () => {
    fake = await startFakeUseapi();
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-progress-'));
  });
  afterAll(async () => {
    await fake?.close();
    await rm(publicDir, {recursive: true, force: true});
  });

  const prepare = async (cues: Narration['cues']) => {
    const {output, statuses} = terminalOutput();
    const progress = createProgress({output, verbose: false, json: false});
    const compositions: NarratedComposition[] = [{id: 'Course', narration: {voice: {speakerId: 'uk_man2'}, cues}}];
    const result = await prepareNarration({
      compositions,
      provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}),
      publicDir,
      onEvent: progress.onEvent,
    });
    return {result, statuses};
  };

  it('counts cached clips, not cues minus clips, for a paragraph cue (it said "-4 cached")', async () => {
    const first = await prepare([{id: 'sun', text: PARAGRAPH}]);
    const clips = first.result.generatedClips;
    expect(clips).toBeGreaterThan(1);
    expect(first.statuses[0]).toMatch(new RegExp(`^Generating 0/${clips} · 0 cached · 0 failed · `));
    expect(first.statuses.at(-1)).toMatch(new RegExp(`^Generating ${clips}/${clips} · 0 cached · 0 failed · `));

    // The paragraph is cached now: one new short cue is the only clip to make.
    const second = await prepare([
      {id: 'sun', text: PARAGRAPH},
      {id: 'outro', text: 'Thanks for watching.'},
    ]);
    expect(second.result.cachedClips).toBe(clips);
    expect(second.statuses[0]).toMatch(new RegExp(`^Generating 0/1 · ${clips} cached · 0 failed · `));
    for (const line of [...first.statuses, ...second.statuses]) expect(line).not.toMatch(/-\d+ cached/);
  });
});
