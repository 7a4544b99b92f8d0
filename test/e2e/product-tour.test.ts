import {createTikTokStyleCaptions} from '@remotion/captions';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {narrationCaptions} from '../../src/core/captions/narration-captions.ts';
import {integratedLoudnessInLufs, truePeakInDbtp} from '../../src/core/loudness/measure-loudness.ts';
import {cueLoudness, DEFAULT_TARGET_LUFS} from '../../src/core/loudness/narration-gain.ts';
import {parseNarration} from '../../src/core/parse-narration.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import {TOUR_RECORDING} from '../../compositions/ProductTour.tsx';
import {tourDefaultProps} from '../../compositions/tour-default-props.ts';
import {makeTourRecording} from '../../scripts/make-tour-recording.ts';
import {expectEveryClipOnTimeAndWhole} from '../helpers/expect-every-clip-on-time-and-whole.ts';
import {ANALYSIS_SAMPLE_RATE, decodeAudioTrack, decodeStereoAudioTrack, rms} from '../helpers/rendered-audio.ts';
import {useRenderedProject} from '../helpers/rendered-project.ts';

const FPS = 30;
const COMPOSITION = 'ProductTour';
const narration = parseNarration({value: tourDefaultProps.narration, compositionId: COMPOSITION});

// The guest's voice comes out of the service 10 dB under the narrator's (real Kling voices: up
// to 11 LU apart): <Narration> levels every cue.
const project = useRenderedProject({name: 'product-tour', fake: {levelsDb: {'commercial_lady_en_f-v1': -10}}});

/**
 * The example's product tour (a silent title, three lines at fixed moments over a recording,
 * one of them too long for its slot, a dialogue, fades between the scenes), prepared against the
 * fake useapi.net and rendered: what a viewer hears is where the props put it.
 */
describe('the product tour, prepared and rendered', () => {
  let rendered: Promise<{timeline: NarrationTimeline; samples: Float32Array; file: string; requests: number}> | undefined;
  const renderTour = () =>
    (rendered ??= (async () => {
      await makeTourRecording(path.join(project.publicDir, TOUR_RECORDING));
      const manifest = await project.prepare(await project.remotion.narratedComposition({id: COMPOSITION}));
      const timeline = await resolveNarrationTimeline({narration, manifest, fps: FPS, compositionId: COMPOSITION, allowMissing: false});
      const {samples, file, durationInFrames} = await project.remotion.renderAudio({id: COMPOSITION, name: 'tour'});
      expect(durationInFrames).toBe(timeline.durationInFrames);
      return {timeline, samples, file, requests: project.fake.count('/v1/kling/tts/create')};
    })());

  it('starts every line at its moment, to within a frame, and plays every clip whole', async () => {
    const {timeline, samples} = await renderTour();
    const recording = timeline.scenes.find((scene) => scene.id === 'recording')!;
    const onsets = narration.cues
      .filter((cue) => cue.atInSeconds !== undefined)
      .map((cue) => {
        const moment = recording.startFrame / FPS + cue.atInSeconds!;
        const clip = timeline.cues.find((each) => each.id === cue.id)!.clips[0]!;
        const heard = firstSoundAfter(samples, clip.speechStartInSeconds - 0.1);
        return {id: cue.id, moment, heard};
      });
    console.log(`Anchored onsets, heard - moment (ms): ${onsets.map(({id, moment, heard}) => `${id} ${((heard - moment) * 1000).toFixed(1)}`).join(', ')}`);
    for (const {id, moment, heard} of onsets) {
      // Never before the moment, by more than a sample or two; for the line played faster,
      // by more than what ffmpeg's atempo brings its first sound forward (see
      // expectEveryClipOnTimeAndWhole).
      const fitted = timeline.cues.find((cue) => cue.id === id)!.playbackRate !== 1;
      expect(heard - moment, id).toBeGreaterThanOrEqual(fitted ? -0.025 : -0.002);
      expect(heard - moment, id).toBeLessThan(1 / FPS + 0.002);
    }
    expectEveryClipOnTimeAndWhole({timeline, samples, label: 'product tour'});
  }, 600_000);

  it('fits the long line into its slot by playing it faster, pitch kept, with no extra request', async () => {
    const {timeline, samples, requests} = await renderTour();
    const filter = timeline.cues.find((cue) => cue.id === 'filter')!;
    const exportCue = timeline.cues.find((cue) => cue.id === 'export')!;
    expect(filter.playbackRate).toBeGreaterThan(1);
    expect(filter.playbackRate).toBeLessThanOrEqual(1.15);
    expect(filter.fittedSpeed).toBeNull();
    // One request per clip: playing faster costs nothing.
    expect(requests).toBe(timeline.cues.reduce((sum, cue) => sum + cue.clips.length, 0));
    // Its speech, heard, ends with the pause asked for before the next moment.
    const end = lastSoundBefore(samples, exportCue.clips[0]!.speechStartInSeconds - 0.05);
    const nextMoment = timeline.scenes[1]!.startFrame / FPS + 15;
    console.log(`Fitted line: ${filter.playbackRate}× as fast; its speech ends ${((nextMoment - end) * 1000).toFixed(0)} ms before the next moment (pause asked: 750 ms)`);
    expect(nextMoment - end).toBeGreaterThanOrEqual(0.75 - 0.005);
    // Pitch kept: the fitted clip's fundamental, heard in the render, is the one in its file.
    const clip = filter.clips[0]!;
    const file = await decodeAudioTrack(path.join(project.publicDir, clip.file!));
    const inFile = medianPitchInHz(file.subarray(Math.round(clip.leadingSilenceInSeconds * ANALYSIS_SAMPLE_RATE), Math.round((clip.durationInSeconds - clip.trailingSilenceInSeconds) * ANALYSIS_SAMPLE_RATE)));
    const inRender = medianPitchInHz(samples.subarray(Math.round(clip.speechStartInSeconds * ANALYSIS_SAMPLE_RATE), Math.round(clip.speechEndInSeconds * ANALYSIS_SAMPLE_RATE)));
    console.log(`Fitted line pitch: ${inFile.toFixed(1)} Hz in its file, ${inRender.toFixed(1)} Hz in the render (a ${filter.playbackRate}× resample would give ${(inFile * filter.playbackRate).toFixed(1)} Hz)`);
    expect(Math.abs(inRender / inFile - 1)).toBeLessThan(0.02);
  }, 600_000);

  it('plays no speech in the silent title or under a transition', async () => {
    const {timeline, samples} = await renderTour();
    const title = timeline.scenes[0]!;
    expect(title.durationInFrames).toBe(2 * FPS);
    const quiet = [
      [0, title.durationInFrames],
      ...timeline.scenes.slice(1).map((scene) => [scene.startFrame, scene.startFrame + scene.transitionInFrames]),
    ];
    for (const [from, to] of quiet) {
      const stretch = samples.subarray(Math.round((from! / FPS) * ANALYSIS_SAMPLE_RATE), Math.round((to! / FPS) * ANALYSIS_SAMPLE_RATE));
      expect(stretch.length).toBeGreaterThan(0);
      expect(rms(stretch), `frames ${from}-${to}`).toBeLessThan(0.001);
    }
  }, 600_000);

  it('levels voices 10 dB apart: every cue within 1 LU of every other, at the target loudness, no true peak above -1 dBTP', async () => {
    const {timeline, file} = await renderTour();
    // As the service made them: the guest's cues 10 LU under the narrator's.
    const stored = timeline.cues.map((cue) => cueLoudness(cue).loudnessLufs!);
    expect(Math.max(...stored) - Math.min(...stored)).toBeGreaterThan(8);
    const channels = await decodeStereoAudioTrack(file);
    const heard = timeline.cues.map((cue) => {
      const from = Math.floor(cue.speechStartInSeconds * ANALYSIS_SAMPLE_RATE);
      const to = Math.ceil(cue.speechEndInSeconds * ANALYSIS_SAMPLE_RATE);
      return integratedLoudnessInLufs({channels: channels.map((samples) => samples.subarray(from, to)), sampleRate: ANALYSIS_SAMPLE_RATE});
    });
    const peak = truePeakInDbtp({channels});
    const mean = 10 * Math.log10(heard.reduce((sum, lufs) => sum + 10 ** (lufs / 10), 0) / heard.length);
    console.log(
      `Loudness per cue (LUFS), stored: ${stored.map((lufs) => lufs.toFixed(1)).join(', ')}; in the render: ${heard.map((lufs) => lufs.toFixed(2)).join(', ')}; mean ${mean.toFixed(2)}; true peak ${peak.toFixed(2)} dBTP`,
    );
    expect(Math.max(...heard) - Math.min(...heard)).toBeLessThanOrEqual(1);
    expect(Math.abs(mean - DEFAULT_TARGET_LUFS)).toBeLessThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(-1);
  }, 600_000);

  it('gives the dialogue its speakers, and captions whose pages never span two cues', async () => {
    const {timeline} = await renderTour();
    expect(timeline.cues.filter((cue) => cue.scene === 'dialogue').map((cue) => cue.voice.speakerId)).toEqual([
      'commercial_lady_en_f-v1',
      'oversea_male1',
      'commercial_lady_en_f-v1',
      'oversea_male1',
    ]);
    const {pages} = createTikTokStyleCaptions({captions: narrationCaptions(timeline), combineTokensWithinMilliseconds: 3000});
    const cueAt = (ms: number) => timeline.cues.find((cue) => cue.clips.some((clip) => clip.words.some((word) => Math.round(word.startInSeconds * 1000) === ms)))?.id;
    for (const page of pages) {
      const cues = new Set(page.tokens.map((token) => cueAt(token.fromMs)));
      expect([...cues], page.text).toHaveLength(1);
    }
    expect(pages.length).toBeGreaterThanOrEqual(timeline.cues.length);
  }, 600_000);
});

/** Where sound first rises above -50 dBFS after `fromSeconds`. */
const firstSoundAfter = (samples: Float32Array, fromSeconds: number): number => {
  for (let i = Math.max(0, Math.round(fromSeconds * ANALYSIS_SAMPLE_RATE)); i < samples.length; i++) {
    if (Math.abs(samples[i]!) > 10 ** (-50 / 20)) return i / ANALYSIS_SAMPLE_RATE;
  }
  return Infinity;
};

/** Just after the last sample above -50 dBFS before `toSeconds`. */
const lastSoundBefore = (samples: Float32Array, toSeconds: number): number => {
  for (let i = Math.min(samples.length, Math.round(toSeconds * ANALYSIS_SAMPLE_RATE)) - 1; i >= 0; i--) {
    if (Math.abs(samples[i]!) > 10 ** (-50 / 20)) return (i + 1) / ANALYSIS_SAMPLE_RATE;
  }
  return -Infinity;
};

/**
 * The median fundamental frequency of voiced stretches (the fake speaks in tone bursts of
 * 150-300 Hz), by autocorrelation over 40 ms windows: playing faster with the pitch kept leaves
 * it as it was, a plain resample raises it by the rate.
 */
const medianPitchInHz = (samples: Float32Array): number => {
  const window = Math.round(0.04 * ANALYSIS_SAMPLE_RATE);
  const minLag = Math.floor(ANALYSIS_SAMPLE_RATE / 400);
  const maxLag = Math.ceil(ANALYSIS_SAMPLE_RATE / 120);
  const pitches: number[] = [];
  for (let start = 0; start + window + maxLag < samples.length; start += window / 2) {
    const frame = samples.subarray(start, start + window + maxLag);
    if (rms(frame.subarray(0, window)) < 0.05) continue;
    let bestLag = 0;
    let best = 0;
    for (let lag = minLag; lag <= maxLag; lag++) {
      let sum = 0;
      let energy = 0;
      for (let i = 0; i < window; i++) {
        sum += frame[i]! * frame[i + lag]!;
        energy += frame[i + lag]! * frame[i + lag]!;
      }
      const score = sum / Math.sqrt(energy || 1);
      if (score > best) {
        best = score;
        bestLag = lag;
      }
    }
    if (bestLag > 0) pitches.push(ANALYSIS_SAMPLE_RATE / bestLag);
  }
  pitches.sort((a, b) => a - b);
  return pitches[Math.floor(pitches.length / 2)] ?? NaN;
};
