import {mkdtemp, readdir, rm, truncate} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {prepareNarration, type NarratedComposition} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {createDraftVoiceProvider} from '../../src/node/providers/draft-voice/create-draft-voice-provider.ts';
import {wordsOf} from '../../src/core/text/words.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';

const CREATE = '/v1/kling/tts/create';

const narration = (cues: Narration['cues']): Narration => ({voice: {speakerId: 'uk_man2'}, cues});

describe('prepareNarration', () => {
  let fake: FakeUseapi;
  let publicDir: string;

  beforeAll(async () => {
    fake = await startFakeUseapi();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-public-'));
    return () => rm(publicDir, {recursive: true, force: true});
  });

  const run = (compositions: NarratedComposition[], options: {concurrency?: number} = {}) =>
    prepareNarration({
      compositions,
      provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}),
      publicDir,
      retryDelayMs: 10,
      ...options,
    });

  it('generates one clip for cues that say the same thing, also across compositions', async () => {
    const result = await run([
      {id: 'A', narration: narration([{id: 'one', text: 'Same words.'}, {id: 'two', text: 'Same   words. '}])},
      {id: 'B', narration: narration([{id: 'three', text: 'Same words.'}, {id: 'four', text: 'Other words.'}])},
    ]);
    expect(fake.count(CREATE)).toBe(2);
    expect(result.synthesizeCalls).toBe(2);
    expect(result.outcomes.map((o) => o.status)).toEqual(['generated', 'generated', 'generated', 'generated']);
    const manifest = await readManifestFile(path.join(publicDir, MANIFEST_PATH));
    expect(Object.keys(manifest.clips)).toHaveLength(2);
  });

  it('keeps going when one cue is moderated, and reports it with its composition, id and text', async () => {
    const result = await run([
      {id: 'Demo', narration: narration([{id: 'ok', text: 'Fine line.'}, {id: 'bad', text: 'A forbidden line.'}, {id: 'ok2', text: 'Another fine line.'}])},
    ]);
    expect(result.outcomes.map((o) => o.status)).toEqual(['generated', 'failed', 'generated']);
    expect(result.failedCues[0]!.message).toBe(
      'Composition "Demo", cue "bad" ("A forbidden line.") was refused by Kling\'s moderation: The content you uploaded appears to violate the community guidelines. (CM_EXT.POther) Reword the line; moderated text is not retried automatically.',
    );
    expect(fake.count(CREATE)).toBe(3); // the moderated line is asked once
  });

  it('retries a transient failure and counts the extra request', async () => {
    fake.failNext('create', {status: 503, body: '<html>Service Unavailable</html>'});
    fake.failNext('resource', {status: 404, body: 'gone'});
    const result = await run([{id: 'Demo', narration: narration([{id: 'a', text: 'Retry me.'}])}]);
    expect(result.outcomes[0]!.status).toBe('generated');
    // The 503 costs a second create; the 404 only a second download of the same audio.
    expect(fake.count(CREATE)).toBe(2);
    expect(fake.count('/resource/')).toBe(2);
  });

  it('stops early on an account-wide failure instead of failing every cue one by one', async () => {
    fake.failNext('create', {status: 596, body: {error: 'Account x@example.com in error state: refresh token rejected', code: 596}});
    const cues = Array.from({length: 6}, (_, i) => ({id: `c${i}`, text: `Line number ${i}.`}));
    const result = await run([{id: 'Demo', narration: narration(cues)}], {concurrency: 1});
    expect(fake.count(CREATE)).toBe(1);
    expect(result.failedCues).toHaveLength(6);
    expect(result.failedCues.every((failure) => failure.message!.includes('needs to be re-added'))).toBe(true);
  });

  it('uses the cache on the next run and regenerates a clip whose file was damaged', async () => {
    const compositions = [{id: 'Demo', narration: narration([{id: 'a', text: 'First.'}, {id: 'b', text: 'Second.'}])}];
    await run(compositions);
    const again = await run(compositions);
    expect(again.synthesizeCalls).toBe(0);
    expect(again.outcomes.map((o) => o.status)).toEqual(['cached', 'cached']);

    const manifest = await readManifestFile(path.join(publicDir, MANIFEST_PATH));
    const damaged = Object.values(manifest.clips)[0]!;
    await truncate(path.join(publicDir, damaged.file), 100);
    const healed = await run(compositions);
    expect(healed.synthesizeCalls).toBe(1);
    const files = await readdir(path.join(publicDir, 'narration'));
    expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });
});

describe('prepareNarration against a busy account', () => {
  it('adapts to the account limit and fails no cue because of 429, even with no retries left', async () => {
    const fake = await startFakeUseapi({maxConcurrentJobs: 2, latencyMs: 60});
    const publicDir = await mkdtemp(path.join(tmpdir(), 'narration-busy-'));
    try {
      const cues = Array.from({length: 16}, (_, i) => ({id: `c${i}`, text: `Busy line ${i}.`}));
      const result = await prepareNarration({
        compositions: [{id: 'Busy', narration: narration(cues)}],
        provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}),
        publicDir,
        concurrency: 8,
        maxRetries: 0,
        retryDelayMs: 5,
      });
      expect(result.failedCues).toEqual([]);
      expect(fake.throttled()).toBeGreaterThan(0); // it did ask for too much at first
      expect(fake.throttled()).toBeLessThan(cues.length); // and learnt
      expect(fake.count(CREATE)).toBe(cues.length + fake.throttled());
    } finally {
      await fake.close();
      await rm(publicDir, {recursive: true, force: true});
    }
  });
});

describe('prepareNarration when the service refuses a clip as too long', () => {
  it('speaks the clip as two halves, once, and stores them joined under the clip\'s own key', async () => {
    // This service takes less than prepare thinks: 70 characters, not 150.
    const fake = await startFakeUseapi({maxTextLength: 70});
    const publicDir = await mkdtemp(path.join(tmpdir(), 'narration-too-long-'));
    try {
      const text = 'A single sentence that is one hundred characters long, more or less, and fine by the limits we know.';
      const result = await prepareNarration({
        compositions: [{id: 'Long', narration: narration([{id: 'long', text}])}],
        provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}),
        publicDir,
        retryDelayMs: 5,
      });
      expect(result.failedCues).toEqual([]);
      const texts = fake.requests.filter((request) => request.path === CREATE).map((request) => (request.body as {text: string}).text);
      expect(texts).toHaveLength(3); // refused whole, then its two halves
      expect(texts[0]).toBe(text);
      expect(`${texts[1]} ${texts[2]}`).toBe(text);
      const manifest = await readManifestFile(path.join(publicDir, MANIFEST_PATH));
      const [clip] = Object.values(manifest.clips);
      expect(clip!.text).toBe(text);
      expect(clip!.repaired?.what).toMatch(/^joined-halves/);
      expect(clip!.repaired?.problem).toContain('refused the whole clip as too long');

      // Refused again even in halves: the cue fails with the service's words, after one split only.
      const shorter = await startFakeUseapi({maxTextLength: 30});
      try {
        const again = await prepareNarration({
          compositions: [{id: 'Long', narration: narration([{id: 'long', text: `${text} Again.`}])}],
          provider: createKlingProvider({token: shorter.token, baseUrl: shorter.baseUrl}),
          publicDir,
          retryDelayMs: 5,
        });
        expect(again.failedCues[0]!.message).toContain('Kling TTS refused the text as too long');
        expect(shorter.count(CREATE)).toBe(2); // the whole, then the first half; never split again
      } finally {
        await shorter.close();
      }
    } finally {
      await fake.close();
      await rm(publicDir, {recursive: true, force: true});
    }
  });
});

describe('prepareNarration and the cues\' languages', () => {
  const english = 'Hello there, and welcome to the course.';
  const chinese = '欢迎来到我们的课程。今天我们学习 Remotion。';
  const cues = [
    {id: 'zh', text: chinese},
    {id: 'en', text: english},
  ];
  // The keys these lines had before cues had a language (main at f7c476f).
  const KLING_KEYS = {english: 'c9ab00c7d7140f61b5f1', chinese: 'c12d35c738a9a29ee105'};
  const DRAFT_KEYS = {english: '6a7736fa40109df13902', chinese: '7b40b0e1b2b7873a4ac1'};
  let publicDir: string;
  beforeEach(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-languages-'));
    return () => rm(publicDir, {recursive: true, force: true});
  });

  it('sends Kling no language and stores its clips under the keys they always had', async () => {
    const fake = await startFakeUseapi();
    try {
      const result = await prepareNarration({
        compositions: [{id: 'Lesson', narration: {...narration(cues), language: 'zh'}}],
        provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}),
        publicDir,
      });
      expect(result.failedCues).toEqual([]);
      const bodies = fake.requests.filter((request) => request.path === CREATE).map((request) => request.body);
      expect(bodies).toEqual([
        {speakerId: 'uk_man2', text: chinese, speed: 1},
        {speakerId: 'uk_man2', text: english, speed: 1},
      ]);
      const manifest = await readManifestFile(path.join(publicDir, MANIFEST_PATH));
      expect(Object.keys(manifest.clips).sort()).toEqual([KLING_KEYS.english, KLING_KEYS.chinese].sort());
    } finally {
      await fake.close();
    }
  });

  it('has the draft voice speak a Chinese cue in Mandarin under a new key, and English ones as before', async () => {
    const result = await prepareNarration({
      compositions: [{id: 'Lesson', narration: narration(cues)}],
      provider: createDraftVoiceProvider(),
      publicDir,
    });
    expect(result.failedCues).toEqual([]);
    const manifest = await readManifestFile(path.join(publicDir, MANIFEST_PATH));
    expect(manifest.clips[DRAFT_KEYS.english]?.text).toBe(english);
    // The Chinese clip was spoken with English phonetics before: its old key is not reused.
    expect(manifest.clips[DRAFT_KEYS.chinese]).toBeUndefined();
    const [spoken] = Object.values(manifest.clips).filter((clip) => clip.text === chinese);
    expect(spoken).toBeDefined();
    // 18 Han characters at about 0.23 s, and "Remotion": about 5 s; read as English it took 13 s.
    expect(spoken!.audio.durationInSeconds).toBeGreaterThan(3);
    expect(spoken!.audio.durationInSeconds).toBeLessThan(7);
    expect(spoken!.wordTiming?.words).toHaveLength(wordsOf(chinese).length);
  });
});
