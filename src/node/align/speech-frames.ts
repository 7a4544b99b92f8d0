import {SPEECH_FRAME_IN_SECONDS} from './detect-speech.ts';
import type {FeatureFrames} from './mfcc.ts';

/** Feature frames with the pauses taken out, and the frame each came from. */
export type SpeechFrames = {frames: FeatureFrames; kept: Int32Array};

/**
 * The frames of `frames` that `mask` (detectSpeech's, 10 ms frames) calls speech, in order.
 * All of them when none is.
 */
export const keepSpeechFrames = ({frames, mask, hopInSeconds}: {frames: FeatureFrames; mask: Uint8Array; hopInSeconds: number}): SpeechFrames => {
  const {values, dimensions, count} = frames;
  const isSpeech = (frame: number) => mask[Math.min(mask.length - 1, Math.round((frame * hopInSeconds) / SPEECH_FRAME_IN_SECONDS))] === 1;
  let kept = Int32Array.from({length: count}, (_, frame) => frame).filter(isSpeech);
  if (kept.length === 0) kept = Int32Array.from({length: count}, (_, frame) => frame);
  const out = new Float32Array(kept.length * dimensions);
  kept.forEach((frame, k) => out.set(values.subarray(frame * dimensions, (frame + 1) * dimensions), k * dimensions));
  return {frames: {values: out, dimensions, count: kept.length}, kept};
};

/** The index in `kept` of the first kept frame at or after `frame`; `kept.length` when there is none. */
export const keptIndexAtOrAfter = (kept: Int32Array, frame: number): number => {
  let lo = 0;
  let hi = kept.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (kept[mid]! < frame) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Per kept frame: 1 when frames were taken out just before it (a pause ends there). */
export const pausesBefore = (kept: Int32Array): Uint8Array => {
  const afterPause = new Uint8Array(kept.length);
  for (let k = 1; k < kept.length; k++) if (kept[k]! > kept[k - 1]! + 1) afterPause[k] = 1;
  return afterPause;
};
