import {SILENCE_THRESHOLD} from '../../src/node/mp3/measure-mp3.ts';

export type SpeechSegment = {
  /** First sample above the threshold, in seconds. */
  startInSeconds: number;
  /** Just after the last sample above the threshold, in seconds. */
  endInSeconds: number;
};

/**
 * Shortest quiet stretch that separates two segments. Inside the fake's speech the level dips
 * only to about -28 dBFS, so only zero crossings (well under a millisecond) fall below -50
 * dBFS; the shortest pause the tests ask for is tens of milliseconds.
 */
export const DEFAULT_MIN_SILENCE_IN_SECONDS = 0.01;

/**
 * The runs of sound in `samples`, split where they stay at or below `threshold` (default: the
 * store's -50 dBFS) for at least `minSilenceInSeconds`.
 */
export const findSpeechSegments = ({
  samples,
  sampleRate,
  threshold = SILENCE_THRESHOLD,
  minSilenceInSeconds = DEFAULT_MIN_SILENCE_IN_SECONDS,
}: {
  samples: Float32Array;
  sampleRate: number;
  threshold?: number;
  minSilenceInSeconds?: number;
}): SpeechSegment[] => {
  const minSilence = Math.max(1, Math.round(minSilenceInSeconds * sampleRate));
  const segments: {start: number; end: number}[] = [];
  let current: {start: number; end: number} | null = null;
  for (let i = 0; i < samples.length; i++) {
    if (Math.abs(samples[i]!) <= threshold) continue;
    if (current && i - current.end < minSilence) {
      current.end = i + 1;
    } else {
      current = {start: i, end: i + 1};
      segments.push(current);
    }
  }
  return segments.map(({start, end}) => ({startInSeconds: start / sampleRate, endInSeconds: end / sampleRate}));
};
