import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {parseNarration} from '../../src/core/parse-narration.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import {prepareNarration, type NarratedComposition} from '../../src/node/prepare/prepare-narration.ts';
import {planNarration} from '../../src/node/prepare/plan-narration.ts';
import {pruneNarration} from '../../src/node/prepare/prune-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {TEST_SPEECH_SECONDS_PER_CHARACTER} from '../fake-useapi/test-speech.ts';

const CREATE = '/v1/kling/tts/create';
const FPS = 30;

/** A line the fake speaks in about `seconds` at speed 1 (it speaks 0.06 s a character). */
const lineOf = (seconds: number) => {
  const words = 'Open the dashboard and pick the report you need from the list on the left side of the screen then export it'.split(' ');
  let text = '';
  for (let index = 0; text.length * TEST_SPEECH_SECONDS_PER_CHARACTER < seconds; index++) text += `${text ? ' ' : ''}${words[index % words.length]}`;
  return `${text}.`;
};

/** Over footage: a line at 0:00.5 with 4.75 s before the next moment (at 0:06, less the 0.75 s gap). */
const tour = (seconds: number): NarratedComposition => ({
  id: 'Tour',
  fps: FPS,
  narration: parseNarration({
    compositionId: 'Tour',
    value: {voice: {speakerId: 'uk_man2'}, cues: [{id: 'open', text: lineOf(seconds), atInSeconds: 0.5}, {id: 'export', text: 'Then export it.', atInSeconds: 6}]},
  }),
});

describe('a line longer than its slot', () => {
  let fake: FakeUseapi;
  let publicDir: string;
  beforeAll(async () => {
    fake = await startFakeUseapi();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-fit-'));
    return () => rm(publicDir, {recursive: true, force: true});
  });

  const prepare = (composition: NarratedComposition) =>
    prepareNarration({compositions: [composition], provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}), publicDir, retryDelayMs: 10});
  const timelineOf = async (composition: NarratedComposition, allowMissing = false) =>
    resolveNarrationTimeline({
      narration: composition.narration,
      manifest: await readManifestFile(path.join(publicDir, MANIFEST_PATH)),
      fps: FPS,
      compositionId: composition.id,
      allowMissing,
    });
  const slotsPlanned = async (composition: NarratedComposition) =>
    (await planNarration({compositions: [composition], publicDir, providerId: 'kling'})).slots.map(({cueIds, nextCueId, startInSeconds, endInSeconds, estimated, verdict, fittedSpeed}) => ({
      cueIds,
      nextCueId,
      startInSeconds,
      endInSeconds,
      estimated,
      verdict,
      fittedSpeed,
    }));
  const speedsAsked = () => fake.requests.filter((request) => request.path.startsWith(CREATE)).map((request) => (request.body as {speed?: number}).speed ?? 1);

  it('is played up to 1.15× as fast, pitch kept, with no new request', async () => {
    const composition = tour(4.9);
    const result = await prepare(composition);
    expect(result.failedCues).toEqual([]);
    expect(result.synthesizeCalls).toBe(2);
    const open = (await timelineOf(composition)).cues[0]!;
    expect(open.playbackRate).toBeGreaterThan(1.05);
    expect(open.playbackRate).toBeLessThanOrEqual(1.15);
    expect(open.fittedSpeed).toBeNull();
    expect(open.speechEndInSeconds + 0.75).toBeLessThanOrEqual(6 + 1e-9);
    expect(await slotsPlanned(composition)).toEqual([
      {cueIds: ['open'], nextCueId: 'export', startInSeconds: expect.closeTo(0.5, 1), endInSeconds: 6, estimated: false, verdict: 'faster', fittedSpeed: null},
    ]);
  });

  it('beyond that, is read faster by the service: one more request, then it fits, and stays cached', async () => {
    const composition = tour(6.4);
    // Before any request, plan shows the slot and its estimated fill.
    const before = await slotsPlanned(composition);
    expect(before).toEqual([expect.objectContaining({cueIds: ['open'], nextCueId: 'export', estimated: true, fittedSpeed: null})]);
    expect(fake.requests).toHaveLength(0);
    const events: string[] = [];
    const result = await prepareNarration({
      compositions: [composition],
      provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}),
      publicDir,
      onEvent: (event) => void (event.type === 'fitting' && events.push(event.cues.map(({ref, speed}) => `${ref.cueId}@${speed}`).join())),
    });
    expect(result.failedCues).toEqual([]);
    const open = (await timelineOf(composition)).cues[0]!;
    // The line at its own speed, the next one, then the line at the speed that fits (rounded up
    // to a tenth, as Kling rounds it): more than 1.15× was needed.
    expect(open.fittedSpeed).toBeGreaterThan(1.15);
    expect(speedsAsked()).toEqual([1, 1, open.fittedSpeed]);
    expect(events).toEqual([`open@${open.fittedSpeed}`]);
    expect(open.slot).toMatchObject({overflowInSeconds: 0});
    expect(open.speechEndInSeconds + 0.75).toBeLessThanOrEqual(6 + 1e-9);
    expect((await timelineOf(composition)).cues[1]!.speechStartInSeconds - 6).toBeLessThan(1 / FPS);

    const again = await prepare(composition);
    expect(again).toMatchObject({synthesizeCalls: 0, failedCues: []});
    expect(await slotsPlanned(composition)).toEqual([expect.objectContaining({estimated: false, verdict: 'read-faster', fittedSpeed: open.fittedSpeed})]);
    // Prune keeps the reading at its own speed: it decides the faster one next time.
    const pruned = await pruneNarration({compositions: [composition], publicDir, keepDays: 0, dryRun: true});
    expect(pruned.unused).toEqual([]);
  });

  it('reads faster only the line that runs over, not the one it pushes later', async () => {
    const composition: NarratedComposition = {
      id: 'Tour',
      fps: FPS,
      narration: parseNarration({
        compositionId: 'Tour',
        value: {
          voice: {speakerId: 'uk_man2'},
          cues: [
            {id: 'open', text: lineOf(6.4), atInSeconds: 0.5},
            {id: 'filter', text: lineOf(1.5), atInSeconds: 6},
            {id: 'export', text: 'Then export it.', atInSeconds: 9},
          ],
        },
      }),
    };
    const result = await prepare(composition);
    expect(result.failedCues).toEqual([]);
    const timeline = await timelineOf(composition);
    expect(timeline.cues.map((cue) => cue.fittedSpeed)).toEqual([expect.any(Number), null, null]);
    expect(speedsAsked()).toHaveLength(4);
  });

  it('is not read faster when its minDurationInSeconds holds the slot: no request that cannot help', async () => {
    const composition: NarratedComposition = {
      id: 'Tour',
      fps: FPS,
      narration: parseNarration({
        compositionId: 'Tour',
        value: {voice: {speakerId: 'uk_man2'}, cues: [{id: 'open', text: 'Open the dashboard now.', atInSeconds: 0.5, minDurationInSeconds: 4.5}, {id: 'export', text: 'Then export it.', atInSeconds: 5.5}]},
      }),
    };
    const result = await prepare(composition);
    expect(speedsAsked()).toEqual([1, 1]);
    expect(result.failedCues.map((cue) => cue.cueId)).toEqual(['open']);
    expect(result.failedCues[0]!.message).toContain(
      'Its minDurationInSeconds (4.5 s) keeps it up longer than its speech, so playing it faster cannot help: lower it, move the next moment later, shorten its pause after.',
    );
  });

  it('keeps, in prune, the faster reading decided in the composition\'s own frames', async () => {
    // At 60 fps, atFrame 60 is 1 s: the line needs a faster reading. At 30 fps it would be 2 s, and would not.
    const composition: NarratedComposition = {
      id: 'Tour',
      fps: 60,
      narration: parseNarration({
        compositionId: 'Tour',
        value: {voice: {speakerId: 'uk_man2'}, cues: [{id: 'open', text: lineOf(5.8), atFrame: 60}, {id: 'export', text: 'Then export it.', atFrame: 390}]},
      }),
    };
    expect((await prepare(composition)).failedCues).toEqual([]);
    expect(speedsAsked()).toHaveLength(3);
    expect((await pruneNarration({compositions: [composition], publicDir, keepDays: 0, dryRun: true})).unused).toEqual([]);
  });

  it('that cannot fit at all fails by name, with its length, its slot and the options, and keeps what was made', async () => {
    const composition = tour(12);
    const result = await prepare(composition);
    // Each of its clips once at its own speed and once at the fastest Kling reads, and the next line.
    const clips = result.outcomes[0]!.keys.length;
    expect(speedsAsked().sort()).toEqual([...Array(clips + 1).fill(1), ...Array(clips).fill(2)]);
    expect(result.failedCues.map((cue) => cue.cueId)).toEqual(['open']);
    const message = result.failedCues[0]!.message!;
    expect(message).toMatch(
      /^Composition "Tour": cue "open" \("Open the dashboard.*…"\) needs \d+\.\d\d s with its pause, read at speed 2, but its slot, until cue "export"'s moment, has 5\.50 s: it would have to play more than 1\.15× as fast \(maxPlaybackRate\)\. Shorten the line, move the next moment later, shorten its pause after, or raise maxPlaybackRate \(up to 1\.5\)\.$/,
    );
    expect(Object.keys((await readManifestFile(path.join(publicDir, MANIFEST_PATH))).clips)).toHaveLength(2 * clips + 1);
    // A render refuses it with the same sentence, instead of making the next moment late.
    await expect(timelineOf(composition)).rejects.toThrow(message);
    expect(await slotsPlanned(composition)).toEqual([expect.objectContaining({estimated: false, verdict: 'too-long', fittedSpeed: 2})]);
    // The Studio still shows it, late.
    const shown = await timelineOf(composition, true);
    expect(shown.cues[1]!.speechStartInSeconds).toBeGreaterThan(6.5);
  });
});
