import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import type {Narration} from '../../src/core/narration-schema.ts';
import {prepareNarration, type NarratedComposition} from '../../src/node/prepare/prepare-narration.ts';
import {planNarration} from '../../src/node/prepare/plan-narration.ts';
import {pruneNarration} from '../../src/node/prepare/prune-narration.ts';
import {createScriptedProvider} from '../../src/node/providers/scripted/create-scripted-provider.ts';

const DAY_IN_MS = 24 * 60 * 60 * 1000;
const narration = (cues: Narration['cues']): Narration => ({voice: {speakerId: 'narrator'}, cues});
const english: NarratedComposition[] = [
  {id: 'Lesson', narration: narration([{id: 'hello', text: 'Hello and welcome.'}, {id: 'bye', text: 'See you next time.'}])},
];
/** The same composition rendered with other props (`--props zh.json`). */
const chinese: NarratedComposition[] = [
  {id: 'Lesson', narration: narration([{id: 'hello', text: '你好，欢迎。'}, {id: 'bye', text: '下次见。'}, {id: 'extra', text: '谢谢。'}])},
];

describe('prune never deletes audio in use, or audio it cannot judge', () => {
  let root: string;
  let publicDir: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'narration-prune-'));
    publicDir = path.join(root, 'project', 'public');
    return () => rm(root, {recursive: true, force: true});
  });
  const clipsOnDisk = async () => (await readdir(path.join(publicDir, 'narration'))).filter((name) => name.endsWith('.mp3')).sort();
  const prepare = (compositions: NarratedComposition[], propsSource?: string, provider = createScriptedProvider()) =>
    prepareNarration({compositions, provider, publicDir, propsSource});

  it('never touches a file outside public/narration/, whatever the manifest names', async () => {
    await mkdir(path.join(publicDir, 'narration'), {recursive: true});
    const victim = path.join(root, 'victim.mp3');
    await writeFile(victim, 'precious');
    const key = '../../../victim';
    const entry = {key, file: `narration/${key}.mp3`, provider: 'kling', speakerId: 'x', text: 'x', speed: 1, emotion: null, sizeInBytes: 8, sha256: 'a'.repeat(64), audio: {sampleRate: 24000, durationInSeconds: 1, leadingSilenceInSeconds: 0, trailingSilenceInSeconds: 0}, createdAt: 'now'};
    await writeFile(path.join(publicDir, 'narration', 'manifest.json'), JSON.stringify({version: 1, clips: {[key]: entry}, moderated: {}}));
    await expect(pruneNarration({compositions: [], publicDir})).rejects.toThrow(/Prune deletes nothing while .*manifest\.json cannot be read/);
    expect(await readFile(victim, 'utf8')).toBe('precious');
  });

  it('refuses, deleting nothing, while the manifest has a merge conflict, is from a newer version or is damaged', async () => {
    await prepare(english);
    const before = await clipsOnDisk();
    expect(before).toHaveLength(2);
    const file = path.join(publicDir, 'narration', 'manifest.json');
    const good = await readFile(file, 'utf8');
    for (const [text, problem] of [
      [`<<<<<<< HEAD\n${good}=======\n{}\n>>>>>>> other\n`, 'has merge conflict markers (line 1)'],
      [JSON.stringify({...JSON.parse(good), version: 2}), 'was written by a newer remotion-narration'],
      [good.slice(0, 40), 'is not valid JSON'],
    ] as const) {
      await writeFile(file, text);
      for (const dryRun of [false, true]) {
        const error = await pruneNarration({compositions: english, publicDir, dryRun}).catch((caught: Error) => caught);
        expect((error as Error).message).toContain(problem);
        expect(await clipsOnDisk()).toEqual(before);
      }
    }
  });

  it("keys clips with the limits each composition's provider was prepared with, as plan and prepare do", async () => {
    // A provider whose limits differ from Kling's splits one cue into several clips.
    const provider = createScriptedProvider({limits: {maxCharacters: 40, maxSpeechInSeconds: 15, setBy: 'a small provider'}});
    const long = [{id: 'long', text: 'The first sentence is here. The second sentence follows it. And a third one ends the cue.'}];
    const compositions = [{id: 'Small', narration: narration(long)}];
    await prepare(compositions, undefined, provider);
    const stored = await clipsOnDisk();
    expect(stored.length).toBeGreaterThanOrEqual(3);
    const result = await pruneNarration({compositions, publicDir});
    expect(result.unused).toEqual([]);
    expect(await clipsOnDisk()).toEqual(stored);
    // --frozen (the plan with the voice recorded) finds every clip.
    const plan = await planNarration({compositions, publicDir, providerId: null});
    expect(plan.cues.map((cue) => cue.status)).toEqual(['cached']);
  });

  it('keeps what a prepare with other props used recently, says why, and deletes it when told to', async () => {
    await prepare(english);
    await prepare(chinese, 'zh.json');
    expect(await clipsOnDisk()).toHaveLength(5);
    // A plain prune reads the compositions with their default props: the Chinese clips stay.
    const plain = await pruneNarration({compositions: english, publicDir});
    expect(plain.unused).toEqual([]);
    expect(plain.keptForOtherUses).toMatchObject([{compositionId: 'Lesson', props: 'zh.json', provider: 'scripted', clips: 3}]);
    expect(await clipsOnDisk()).toHaveLength(5);
    // A month later, a dry run says why each would go; nothing is deleted.
    const later = Date.now() + 31 * DAY_IN_MS;
    const dry = await pruneNarration({compositions: english, publicDir, dryRun: true, now: later});
    expect(dry.unused).toHaveLength(3);
    for (const clip of dry.unused) {
      expect(clip.reason).toBe('no cue of Lesson uses it; last used 31 days ago by a prepare of Lesson (zh.json, scripted)');
    }
    expect(await clipsOnDisk()).toHaveLength(5);
    // --keep-days 0 deletes them at once; the English clips stay.
    const pruned = await pruneNarration({compositions: english, publicDir, keepDays: 0});
    expect(pruned.unused).toHaveLength(3);
    expect(await clipsOnDisk()).toHaveLength(2);
    expect((await planNarration({compositions: english, publicDir, providerId: null})).cues.map((cue) => cue.status)).toEqual(['cached', 'cached']);
  });

  it('deletes the clip an edited line replaced, and a file nothing knows, saying why', async () => {
    await prepare(english);
    const edited = [{id: 'Lesson', narration: narration([{id: 'hello', text: 'Hello, and welcome back.'}, {id: 'bye', text: 'See you next time.'}])}];
    await prepare(edited);
    await writeFile(path.join(publicDir, 'narration', `${'f'.repeat(20)}.mp3`), 'stray');
    const result = await pruneNarration({compositions: edited, publicDir, dryRun: true});
    expect(result.unused.map((clip) => [clip.text, clip.reason])).toEqual(
      expect.arrayContaining([
        ['Hello and welcome.', 'no cue of Lesson uses it, and no other prepare recorded using it'],
        [null, 'no cue of Lesson uses it, and the manifest does not know the file'],
      ]),
    );
    expect(result.unused).toHaveLength(2);
  });
});
