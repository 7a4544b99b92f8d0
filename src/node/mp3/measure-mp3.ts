import {measureLoudness} from '../../core/loudness/measure-loudness.ts';
import {InvalidAudioError} from '../../core/errors.ts';
import type {ClipAudio} from '../../core/manifest-schema.ts';
import {decodeMp3, type DecodedMp3} from './decode-mp3.ts';
import {describeSamples} from './describe-samples.ts';
import {inspectMp3Frames} from './inspect-mp3.ts';
import {readMp3Frames} from './read-mp3-frames.ts';

export {SILENCE_THRESHOLD} from './describe-samples.ts';

/**
 * Measures an MP3 for the store: its exact played length and the silence at each end.
 * It first validates the file by walking its frames (`readMp3Frames`: anything that is not a
 * clean MP3 is refused before a decoder sees it), then decodes it with mpg123 (WASM; gapless,
 * as browsers and ffmpeg play it) because finding silence needs the samples. The decoded
 * length must equal the one the frame walk computes (`inspectMp3`), so `durationInSeconds` is
 * the same number `measureFiles` gives. Nothing is printed.
 *
 * Call `repairMp3Header` first and measure what it returns: that is the file to store.
 *
 * @throws InvalidAudioError naming `name` when the data is not a valid MP3, holds no samples,
 *   or does not decode to the length its frames hold.
 */
export const measureMp3 = async ({data, name}: {data: Uint8Array; name: string}): Promise<ClipAudio> =>
  (await decodeAndMeasureMp3({data, name})).audio;

/**
 * `measureMp3`, also returning the decoded samples, so that whoever needs them next (the word
 * aligner) does not decode the file again.
 */
export const decodeAndMeasureMp3 = async ({data, name}: {data: Uint8Array; name: string}): Promise<{audio: ClipAudio; decoded: DecodedMp3}> => {
  const frames = readMp3Frames({data, name});
  const {sampleCount} = inspectMp3Frames({data, frames});
  if (sampleCount === 0) {
    throw new InvalidAudioError(`${name} holds no audio samples: its Xing/LAME header trims away all ${frames.audioFrames.length} frames.`);
  }
  const decoded = await decodeMp3({data, frames, name});
  if (decoded.samplesDecoded !== sampleCount || decoded.sampleRate !== frames.sampleRate) {
    throw new InvalidAudioError(
      `${name} decodes to ${decoded.samplesDecoded} samples at ${decoded.sampleRate} Hz, but its frames hold ${sampleCount} at ${frames.sampleRate} Hz: some frames are damaged.`,
    );
  }
  return {audio: describeSamples(decoded), decoded};
};

/**
 * The loudness (LUFS) and true peak (dBTP) of decoded MP3 samples, null for silence (JSON has no
 * -Infinity). A mono file is measured as one channel, though mpg123 gives two, as ebur128 does.
 */
export const loudnessOfDecoded = (decoded: DecodedMp3): {integratedLufs: number | null; truePeakDbtp: number | null} => {
  const {integratedLufs, truePeakDbtp} = measureLoudness({channels: decoded.channelData.slice(0, decoded.channelCount), sampleRate: decoded.sampleRate});
  return {integratedLufs: Number.isFinite(integratedLufs) ? integratedLufs : null, truePeakDbtp: Number.isFinite(truePeakDbtp) ? truePeakDbtp : null};
};
