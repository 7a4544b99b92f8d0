import {MPEGDecoder} from 'mpg123-decoder';
import {InvalidAudioError} from '../../core/errors.ts';
import type {ClipAudio} from '../../core/manifest-schema.ts';

/**
 * Samples quieter than this (about -50 dBFS) count as silence when finding where speech starts
 * and ends.
 */
export const SILENCE_THRESHOLD = 10 ** (-50 / 20);

/**
 * Measures an MP3 by decoding every frame, which gives the length that will actually be played
 * and the silence at each end. Written here instead of using a metadata package because
 * header-based tools are wrong on real files: on a VBR MP3 without a Xing header
 * @remotion/media-parser said 6.79 s for 11.96 s, music-metadata was a frame short, and an
 * 8 kHz MPEG-2.5 file was rejected (see shared/remotion-notes.md). mpg123 (WASM) decodes a clip
 * in milliseconds and honours the LAME gapless header, as the browser does.
 *
 * @throws InvalidAudioError when the bytes do not decode as MP3 audio.
 */
export const measureMp3 = async ({data, name}: {data: Uint8Array; name: string}): Promise<ClipAudio> => {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const decoded = decoder.decode(data);
    if (decoded.samplesDecoded === 0 || decoded.channelData.length === 0 || !(decoded.sampleRate > 0)) {
      const firstError = decoded.errors[0]?.message;
      throw new InvalidAudioError(
        `${name} does not decode as MP3 audio${firstError ? ` (${firstError})` : ''}.`,
      );
    }
    return describeSamples({channelData: decoded.channelData, samplesDecoded: decoded.samplesDecoded, sampleRate: decoded.sampleRate});
  } finally {
    decoder.free();
  }
};

/**
 * Length and silence at each end of decoded PCM (loud in any channel counts). mpg123-decoder
 * always returns two channels, so the channel count is not recorded.
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
