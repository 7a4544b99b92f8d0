import type {ClipAudio} from '../../core/manifest-schema.ts';

/**
 * Samples quieter than this (about -50 dBFS) count as silence when finding where speech starts
 * and ends.
 */
export const SILENCE_THRESHOLD = 10 ** (-50 / 20);

/**
 * Length and silence at each end of decoded PCM, in seconds (loud in any channel counts).
 * mpg123-decoder always returns two channels, so the channel count is not recorded.
 */
export const describeSamples = ({
  channelData,
  samplesDecoded,
  sampleRate,
}: {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
}): ClipAudio => {
  let first = -1;
  let last = -1;
  for (const channel of channelData) {
    const firstLoud = findLoud(channel, samplesDecoded, 1);
    if (firstLoud !== -1 && (first === -1 || firstLoud < first)) {
      first = firstLoud;
    }
    const lastLoud = findLoud(channel, samplesDecoded, -1);
    if (lastLoud > last) {
      last = lastLoud;
    }
  }
  const durationInSeconds = samplesDecoded / sampleRate;
  if (first === -1) {
    // All silence: the speech window is empty.
    return {sampleRate, durationInSeconds, leadingSilenceInSeconds: durationInSeconds, trailingSilenceInSeconds: 0};
  }
  return {
    sampleRate,
    durationInSeconds,
    leadingSilenceInSeconds: first / sampleRate,
    trailingSilenceInSeconds: (samplesDecoded - 1 - last) / sampleRate,
  };
};

const findLoud = (samples: Float32Array, length: number, direction: 1 | -1): number => {
  const end = Math.min(length, samples.length);
  if (direction === 1) {
    for (let i = 0; i < end; i++) {
      if (Math.abs(samples[i]!) > SILENCE_THRESHOLD) return i;
    }
  } else {
    for (let i = end - 1; i >= 0; i--) {
      if (Math.abs(samples[i]!) > SILENCE_THRESHOLD) return i;
    }
  }
  return -1;
};
