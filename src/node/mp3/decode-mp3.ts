import {MPEGDecoder} from 'mpg123-decoder';
import {InvalidAudioError} from '../../core/errors.ts';
import type {Mp3Frames} from './read-mp3-frames.ts';

/** PCM from `decodeMp3`: always two channels (mono is duplicated), float samples in [-1, 1]. */
export type DecodedMp3 = {channelData: Float32Array[]; samplesDecoded: number; sampleRate: number};

/**
 * Decodes the frames `readMp3Frames` found, with mpg123 (WASM): only the MPEG stream is fed to
 * it (tags never are), so a valid file decodes without a single decoder error. The decoder
 * prints errors with console.error and its WASM runtime with console.log/console.error; both
 * are silenced while it runs (decoding is synchronous, so nothing else can print meanwhile) and
 * any error it reports is thrown instead.
 *
 * @param gapless Remove the encoder delay and padding a Xing/LAME header describes (default
 *   true, as browsers and ffmpeg do).
 * @throws InvalidAudioError naming `name` when the decoder reports an error.
 */
export const decodeMp3 = async ({
  data,
  frames,
  name,
  gapless = true,
}: {
  data: Uint8Array;
  frames: Mp3Frames;
  name: string;
  gapless?: boolean;
}): Promise<DecodedMp3> => {
  const decoder = new MPEGDecoder({enableGapless: gapless});
  await decoder.ready;
  try {
    const decoded = quietly(() => decoder.decode(data.subarray(frames.streamStart, frames.streamEnd)));
    if (decoded.errors.length > 0) {
      throw new InvalidAudioError(`${name} has frames that do not decode (${decoded.errors[0]!.message}).`);
    }
    return {channelData: decoded.channelData, samplesDecoded: decoded.samplesDecoded, sampleRate: decoded.sampleRate};
  } finally {
    decoder.free();
  }
};

const SILENCED = ['log', 'info', 'warn', 'error', 'debug'] as const;

/** Runs a synchronous `work` with console output dropped. */
const quietly = <T>(work: () => T): T => {
  const saved = SILENCED.map((method) => console[method]);
  for (const method of SILENCED) console[method] = () => undefined;
  try {
    return work();
  } finally {
    SILENCED.forEach((method, index) => (console[method] = saved[index]!));
  }
};
