import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import {encodeMp3} from '../../src/node/mp3/encode-mp3.ts';
import {prepareNarration} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {musicOnlyNarration} from '../helpers/compositions/test-narrations.ts';
import {ANALYSIS_SAMPLE_RATE} from '../helpers/rendered-audio.ts';
import {openTestRemotion, type TestRemotion} from '../helpers/test-remotion.ts';

// The captions of the example's render (its SRT artifact and the captions command) are checked
// in end-to-end.test.ts, on the render made there.

const FPS = 30;

/**
 * A steady bed (three sines, 10 s, looped), as MP3 like real music beds: its level is the same
 * everywhere, so any change is the ducking.
 */
const bedMp3 = (): Uint8Array => {
  const rate = 44_100;
  const samples = new Int16Array(rate * 10);
  for (let i = 0; i < samples.length; i++) {
    // 200, 300 and 500 Hz: whole periods in 10 s, so the loop has no seam.
    const t = i / rate;
    const value = (Math.sin(2 * Math.PI * 200 * t) + Math.sin(2 * Math.PI * 300 * t) + Math.sin(2 * Math.PI * 500 * t)) / 3;
    samples[i] = Math.round(value * 0.3 * 32767);
  }
  return encodeMp3({channels: [samples], sampleRate: rate, bitRateInKbps: 128});
};

/** RMS of `samples` in [from, to) seconds. */
const rmsBetween = (samples: Float32Array, from: number, to: number): number => {
  const start = Math.max(0, Math.round(from * ANALYSIS_SAMPLE_RATE));
  const end = Math.min(samples.length, Math.round(to * ANALYSIS_SAMPLE_RATE));
  let sum = 0;
  for (let i = start; i < end; i++) sum += samples[i]! ** 2;
  return Math.sqrt(sum / Math.max(1, end - start));
};

const decibels = (ratio: number) => 20 * Math.log10(ratio);

/**
 * The MusicOnly test composition (test/helpers/compositions/TestRoot.tsx): a steady bed ducked
 * under `musicOnlyNarration`, whose clips play at volume 0. Prepared in process against the fake
 * useapi.net, rendered in process from the shared bundle.
 */
describe('music ducked under the narration', () => {
  let fake: FakeUseapi;
  let folder: string;
  let publicDir: string;
  let remotion: TestRemotion;

  beforeAll(async () => {
    fake = await startFakeUseapi({mp3Style: 'varied'});
    folder = await mkdtemp(path.join(tmpdir(), 'narration-ducking-'));
    publicDir = path.join(folder, 'public');
    remotion = await openTestRemotion({publicDir, folder});
    await writeFile(path.join(publicDir, 'bed.mp3'), bedMp3());
    const prepared = await prepareNarration({
      compositions: [await remotion.narratedComposition({id: 'MusicOnly'})],
      provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}),
      publicDir,
    });
    expect(prepared.failedCues).toEqual([]);
  }, 240_000);

  afterAll(async () => {
    await remotion?.close();
    await fake?.close();
    if (folder) await rm(folder, {recursive: true, force: true});
  });

  it('ducks the music at least 12 dB under speech, not between cues, with no step above 1.5 dB', async () => {
    const render = async (duck: boolean) => (await remotion.renderAudio({id: 'MusicOnly', inputProps: {duck}, name: `music-${duck}`})).samples;
    const ducked = await render(true);
    const steady = await render(false);
    const timeline = await resolveNarrationTimeline({
      narration: musicOnlyNarration,
      manifest: await readManifestFile(path.join(publicDir, MANIFEST_PATH)),
      fps: FPS,
      compositionId: 'MusicOnly',
      allowMissing: false,
    });

    // Under speech (50 ms inside each clip's speech, so the ramps are out of it).
    const depths = timeline.cues.flatMap((cue) =>
      cue.clips.map((clip) => decibels(rmsBetween(ducked, clip.speechStartInSeconds + 0.05, clip.speechEndInSeconds - 0.05) / rmsBetween(steady, clip.speechStartInSeconds + 0.05, clip.speechEndInSeconds - 0.05))),
    );
    console.log(`Music under speech, relative to the same music undocked (dB): ${depths.map((depth) => depth.toFixed(1)).join(', ')}`);
    for (const depth of depths) expect(depth).toBeLessThanOrEqual(-12);

    // Between cues, past the release (1 s) and before the attack (0.75 s): back to full level.
    const gaps: number[] = [];
    timeline.cues.forEach((cue, index) => {
      const next = timeline.cues[index + 1];
      if (next) {
        gaps.push(decibels(rmsBetween(ducked, cue.speechEndInSeconds + 1.05, next.speechStartInSeconds - 0.8) / rmsBetween(steady, cue.speechEndInSeconds + 1.05, next.speechStartInSeconds - 0.8)));
      }
    });
    const before = decibels(rmsBetween(ducked, 0, timeline.cues[0]!.speechStartInSeconds - 0.8) / rmsBetween(steady, 0, timeline.cues[0]!.speechStartInSeconds - 0.8));
    const after = decibels(
      rmsBetween(ducked, timeline.cues.at(-1)!.speechEndInSeconds + 1.05, timeline.durationInFrames / FPS) /
        rmsBetween(steady, timeline.cues.at(-1)!.speechEndInSeconds + 1.05, timeline.durationInFrames / FPS),
    );
    console.log(`Music away from speech (dB): before ${before.toFixed(2)}, between cues ${gaps.map((gap) => gap.toFixed(2)).join(', ') || 'none long enough'}, after ${after.toFixed(2)}`);
    for (const level of [before, after, ...gaps]) expect(Math.abs(level)).toBeLessThan(0.5);

    // No clicks: the gain, measured frame by frame as ducked ÷ steady, never jumps. Remotion sets
    // a volume per video frame and ffmpeg applies it per decoded chunk of the music, so a ramp is
    // a staircase; its steps stay small (a hard switch is one 14 dB step).
    const frameSeconds = 1 / FPS;
    let largestStep = 0;
    let previous: number | null = null;
    for (let t = 0; t + frameSeconds <= timeline.durationInFrames / FPS; t += frameSeconds) {
      const gain = decibels(rmsBetween(ducked, t, t + frameSeconds) / rmsBetween(steady, t, t + frameSeconds));
      if (previous !== null) largestStep = Math.max(largestStep, Math.abs(gain - previous));
      previous = gain;
    }
    console.log(`Largest change of the music's gain from one frame to the next: ${largestStep.toFixed(2)} dB`);
    expect(largestStep).toBeLessThanOrEqual(1.5);
  }, 300_000);
});
