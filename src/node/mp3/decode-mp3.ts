import {channel} from 'node:diagnostics_channel';
import {InvalidAudioError} from '../../core/errors.ts';
import {processDecoderThread} from './create-mp3-decoder-thread.ts';
import type {Mp3Frames} from './read-mp3-frames.ts';

/** PCM from `decodeMp3`: always two channels (mono is duplicated), float samples in [-1, 1]. */
/**
 * Decoded samples. `channelData` has two channels even for a mono file (mpg123 always gives two):
 * `channelCount` says how many the file has.
 */
export type DecodedMp3 = {channelData: Float32Array[]; samplesDecoded: number; sampleRate: number; channelCount: 1 | 2};

/**
 * The `node:diagnostics_channel` on which each `decodeMp3` call publishes a `DecodeMp3Message`
 * before it decodes: for tests and profiling (how often, and what, a run decodes).
 */
export const DECODE_MP3_CHANNEL = 'remotion-narration:decode-mp3';

/** What `decodeMp3` publishes on `DECODE_MP3_CHANNEL`: its arguments (`data` is not copied). */
export type DecodeMp3Message = {name: string; data: Uint8Array; gapless: boolean};

const decodeChannel = channel(DECODE_MP3_CHANNEL);

/**
 * Decodes the frames `readMp3Frames` found, with mpg123 (WASM): only the MPEG stream is fed to
 * it (tags never are), so a valid file decodes without a single decoder error. It runs on the
 * process's decoder thread (see `createMp3DecoderThread`: a decoder made on the main thread would
 * slow the draft voice's encoding down), one file at a time; nothing is printed, and any error
 * the decoder reports is thrown instead.
 *
 * @param gapless Remove the encoder delay and padding a Xing/LAME header describes (default
 *   true, as browsers and ffmpeg do).
 * @throws InvalidAudioError naming `name` when the decoder reports an error; Error naming `name`
 *   when the decoder thread fails.
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
  // A copy of the stream alone, in a buffer of its own, transferred to the thread: a view would send
  // all of `data`'s buffer (a Buffer's may be Node's shared pool), and `slice` of a Buffer is a view.
  const stream = new Uint8Array(data.subarray(frames.streamStart, frames.streamEnd));
  if (decodeChannel.hasSubscribers) decodeChannel.publish({name, data, gapless} satisfies DecodeMp3Message);
  let reply;
  try {
    reply = await processDecoderThread.decode({stream, gapless});
  } catch (error) {
    throw new Error(`Could not decode ${name}: ${error instanceof Error ? error.message : String(error)}`, {cause: error});
  }
  if (reply.decoderError !== undefined) {
    throw new InvalidAudioError(`${name} has frames that do not decode (${reply.decoderError}).`);
  }
  return {channelData: reply.channelData, samplesDecoded: reply.samplesDecoded, sampleRate: reply.sampleRate, channelCount: frames.channelCount};
};
