import {SPEECH_FRAME_IN_SECONDS} from './detect-speech.ts';
import {computeMfcc, type FeatureFrames, type MfccOptions} from './mfcc.ts';
import type {MonoAudio} from './mono-audio.ts';

/**
 * The frames DTW compares: MFCCs (c0, the energy, kept: dropping it made the p95 worse) with
 * their mean over the speech frames removed, which takes out most of the difference between
 * voices and channels. The variance is left alone: normalizing it too doubled the p95 error.
 *
 * @param speechMask detectSpeech's mask (10 ms frames) for `audio`.
 */
export const alignmentFeatures = ({audio, speechMask, mfcc}: {audio: MonoAudio; speechMask: Uint8Array; mfcc: MfccOptions}): FeatureFrames => {
  const {values, dimensions, count} = computeMfcc(audio, mfcc);
  const isSpeech = (frame: number) =>
    speechMask[Math.min(speechMask.length - 1, Math.round((frame * mfcc.hopInSeconds) / SPEECH_FRAME_IN_SECONDS))] === 1;
  const speechFrames = Array.from({length: count}, (_, frame) => frame).filter(isSpeech);
  const averaged = speechFrames.length > 0 ? speechFrames : Array.from({length: count}, (_, frame) => frame);
  for (let d = 0; d < dimensions; d++) {
    let sum = 0;
    for (const frame of averaged) sum += values[frame * dimensions + d]!;
    const mean = sum / averaged.length;
    for (let frame = 0; frame < count; frame++) values[frame * dimensions + d] = values[frame * dimensions + d]! - mean;
  }
  return {values, dimensions, count};
};

/** Resamples frames in time by linear interpolation: `scale` 1.2 makes 100 frames 120. */
export const stretchFrames = (frames: FeatureFrames, scale: number): FeatureFrames => {
  const {values, dimensions, count} = frames;
  const newCount = Math.max(1, Math.round(count * scale));
  const out = new Float32Array(newCount * dimensions);
  for (let k = 0; k < newCount; k++) {
    const x = Math.min(count - 1, k / scale);
    const i = Math.floor(x);
    const f = x - i;
    const next = Math.min(count - 1, i + 1);
    for (let d = 0; d < dimensions; d++) {
      out[k * dimensions + d] = values[i * dimensions + d]! * (1 - f) + values[next * dimensions + d]! * f;
    }
  }
  return {values: out, dimensions, count: newCount};
};
