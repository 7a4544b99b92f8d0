import {expect} from 'vitest';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import {endErrorsInSeconds} from './end-errors.ts';
import {onsetErrorsInSeconds} from './onset-errors.ts';

/** Largest distance from a clip's planned speech start to the sound's start in a wav render: measured ≤ 1 ms. */
const ONSET_TOLERANCE_IN_SECONDS = 0.005;
/**
 * The same for a clip played faster (fitted into its slot): ffmpeg's atempo, which a render
 * stretches with, brings the first sound forward by 17-20 ms at 1.05-1.15× (measured on the
 * fake's clips, at -50, -40 and -30 dBFS alike) while it keeps the end exact. Less than a frame.
 */
const FITTED_ONSET_TOLERANCE_IN_SECONDS = 0.025;
/** Largest distance from a clip's planned speech end to the sound's end. */
const END_TOLERANCE_IN_SECONDS = 0.03;

/**
 * Every clip's speech starts within a frame (and within 5 ms) of its planned start, and ends
 * within 30 ms of its planned end: it played, and played whole. Prints the errors.
 */
export const expectEveryClipOnTimeAndWhole = ({timeline, samples, label}: {timeline: NarrationTimeline; samples: Float32Array; label: string}) => {
  const onsets = onsetErrorsInSeconds(timeline, samples);
  const ends = endErrorsInSeconds(timeline, samples);
  const ms = (seconds: number) => (seconds * 1000).toFixed(1);
  console.log(`${label}: onset error per clip (rendered wav, ms): ${onsets.map((e) => `${e.cueId} ${ms(e.errorInSeconds)}`).join(', ')}`);
  console.log(`${label}: end error per clip (rendered wav, ms): ${ends.map((e) => `${e.cueId} ${ms(e.errorInSeconds)}`).join(', ')}`);
  for (const {cueId, clipIndex, errorInSeconds} of onsets) {
    expect(Math.abs(errorInSeconds), `onset of cue ${cueId}, clip ${clipIndex}`).toBeLessThanOrEqual(1 / timeline.fps);
    // What was measured here is sample-accurate; keep it so.
    const fitted = timeline.cues.find((cue) => cue.id === cueId)!.playbackRate !== 1;
    expect(Math.abs(errorInSeconds), `onset of cue ${cueId}, clip ${clipIndex}`).toBeLessThanOrEqual(fitted ? FITTED_ONSET_TOLERANCE_IN_SECONDS : ONSET_TOLERANCE_IN_SECONDS);
  }
  for (const {cueId, clipIndex, errorInSeconds} of ends) {
    expect(Math.abs(errorInSeconds), `end of cue ${cueId}, clip ${clipIndex}`).toBeLessThanOrEqual(END_TOLERANCE_IN_SECONDS);
  }
};
