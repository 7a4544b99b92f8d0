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
  const decoder = await freshDecoder(gapless);
  const decoded = quietly(() => decoder.decode(data.subarray(frames.streamStart, frames.streamEnd)));
  if (decoded.errors.length > 0) {
    throw new InvalidAudioError(`${name} has frames that do not decode (${decoded.errors[0]!.message}).`);
  }
  return {channelData: decoded.channelData, samplesDecoded: decoded.samplesDecoded, sampleRate: decoded.sampleRate};
};

/** What `freshDecoder` renews inside mpg123-decoder 1.0.x's MPEGDecoder (its own `_init` and `free` do the same). */
type DecoderInternals = {
  _common?: {
    wasm?: {
      mpeg_frame_decoder_create?: (pointer: number, gapless: number) => number;
      mpeg_frame_decoder_destroy?: (decoder: number) => void;
      free?: (pointer: number) => void;
    };
    allocateTypedArray?: (length: number, type: Uint32ArrayConstructor) => {ptr: number; buf: Uint32Array};
  };
  _decoder?: number;
  _inputBytes?: number;
  _outputSamples?: number;
  _frameNumber?: number;
};

/**
 * One decoder per gapless mode, kept for the life of the process, with its mpg123 state renewed
 * before each file. Why not a new MPEGDecoder per file, as the package intends: each one
 * instantiates a WebAssembly module, and an instantiation between two syntheses of the draft voice
 * (eSpeak, also WASM) made the next synthesis about twice as slow (a 60-clip draft prepare: 9.5 s
 * of CPU, 19 s with a decoder per clip). Decoding is synchronous, so one decoder is never shared by
 * two files at once. Should the package's insides differ from what this expects (another
 * version), a new decoder is made per file instead.
 */
const freshDecoder = async (gapless: boolean): Promise<MPEGDecoder> => {
  const kept = (keptDecoders[gapless ? 1 : 0] ??= newKeptDecoder(gapless));
  const found = await kept.catch(() => null);
  if (found?.renew()) return found.decoder;
  const decoder = new MPEGDecoder({enableGapless: gapless});
  await decoder.ready;
  return decoder;
};

const keptDecoders: (Promise<{decoder: MPEGDecoder; renew: () => boolean}> | undefined)[] = [];

const newKeptDecoder = async (gapless: boolean): Promise<{decoder: MPEGDecoder; renew: () => boolean}> => {
  const decoder = new MPEGDecoder({enableGapless: gapless});
  await decoder.ready;
  const inside = decoder as unknown as DecoderInternals;
  const wasm = inside._common?.wasm;
  const pointer = inside._common?.allocateTypedArray?.(1, Uint32Array);
  let usable = Boolean(
    wasm?.mpeg_frame_decoder_create && wasm.mpeg_frame_decoder_destroy && wasm.free && pointer && typeof inside._decoder === 'number',
  );
  const renew = (): boolean => {
    if (!usable) return false;
    wasm!.mpeg_frame_decoder_destroy!(inside._decoder!);
    wasm!.free!(inside._decoder!);
    if (wasm!.mpeg_frame_decoder_create!(pointer!.ptr, gapless ? 1 : 0) !== 0) {
      usable = false;
      return false;
    }
    inside._decoder = pointer!.buf[0];
    inside._inputBytes = 0;
    inside._outputSamples = 0;
    inside._frameNumber = 0;
    return true;
  };
  return {decoder, renew};
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
