import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {LOUDNESS_METER_ID} from '../../src/core/loudness/measure-loudness.ts';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {parseNarration} from '../../src/core/parse-narration.ts';
import {prepareNarration, type NarratedComposition, type PrepareEvent} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';

const composition: NarratedComposition = {
  id: 'Levels',
  fps: 30,
  narration: parseNarration({
    compositionId: 'Levels',
    value: {voice: {speakerId: 'uk_man2'}, cues: [{id: 'a', text: 'A line to measure.'}, {id: 'b', text: 'Another line, a little longer, to measure.'}]},
  }),
};

describe('the loudness of stored clips', () => {
  let fake: FakeUseapi;
  let publicDir: string;
  beforeAll(async () => {
    fake = await startFakeUseapi({mp3Style: 'varied'});
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-loudness-'));
    return () => rm(publicDir, {recursive: true, force: true});
  });
  const prepare = (onEvent?: (event: PrepareEvent) => void) =>
    prepareNarration({compositions: [composition], provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}), publicDir, onEvent});
  const manifestFile = () => path.join(publicDir, MANIFEST_PATH);

  it('is measured when a clip is stored, and on the next prepare, with no request, for clips stored without it', async () => {
    const first = await prepare();
    // Reported per voice, for the summary.
    expect(first.voices).toEqual([{speakerId: 'uk_man2', cues: 2, loudnessLufs: expect.closeTo(-13.6, 0)}]);
    const measured = Object.values((await readManifestFile(manifestFile())).clips).map((clip) => clip.loudness);
    expect(measured).toHaveLength(2);
    for (const loudness of measured) {
      // The fake speaks at about -13.5 LUFS; its peaks vary with the encoder (see fixtures/loudness).
      expect(loudness?.by).toBe(LOUDNESS_METER_ID);
      expect(loudness?.integratedLufs).toBeGreaterThan(-15);
      expect(loudness?.integratedLufs).toBeLessThan(-12);
      expect(loudness?.truePeakDbtp).toBeGreaterThan(-9);
      expect(loudness?.truePeakDbtp).toBeLessThan(0);
      // The fake's clips are mono: the Studio plays them 3 dB down to sound as the render does.
      expect(loudness?.channelCount).toBe(1);
    }

    // As earlier versions stored them: no loudness, or the first meter's, without the channel count.
    const raw = JSON.parse(await readFile(manifestFile(), 'utf8')) as {clips: Record<string, {loudness?: {by: string; channelCount?: number}}>};
    const [older, oldest] = Object.values(raw.clips);
    delete older!.loudness!.channelCount;
    older!.loudness!.by = 'bs1770-4@1';
    delete oldest!.loudness;
    await writeFile(manifestFile(), JSON.stringify(raw));
    const requests = fake.requests.length;
    const events: PrepareEvent[] = [];
    const again = await prepare((event) => events.push(event));
    expect(again).toMatchObject({synthesizeCalls: 0, failedCues: []});
    expect(fake.requests.length).toBe(requests);
    expect(events.find((event) => event.type === 'upgrade-start')).toMatchObject({clips: 2, steps: {'measure-loudness': 2}});
    expect(Object.values((await readManifestFile(manifestFile())).clips).map((clip) => clip.loudness)).toEqual(measured);
  });
});
