import {assembleMp3} from './_assemble-mp3.ts';
import {DECODER_DELAY_SAMPLES} from './_decoder-output.ts';
import {encodeMp3} from './encode-mp3.ts';
import {readMp3Frames} from './read-mp3-frames.ts';

/** The encoder delay LAME (and lamejs, its port) puts before the signal, in samples (ENCDELAY). */
const LAME_ENCODER_DELAY = 576;

/**
 * CBR bitrates for re-encoding, generous so that a second lossy pass costs little (lamejs caps
 * them at 64 kbps below 16 kHz).
 */
const bitrateKbps = ({sampleRate, channelCount}: {sampleRate: number; channelCount: 1 | 2}): number =>
  sampleRate >= 32000 ? (channelCount === 1 ? 128 : 192) : channelCount === 1 ? 64 : 96;

const toInt16 = (samples: Float32Array): Int16Array => {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) pcm[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767)));
  return pcm;
};

/**
 * Encodes PCM again with lamejs (CBR, same sample rate and channels) and puts a Xing/Info
 * frame with an exact LAME delay (576) and padding first, so that gapless decoders return
 * exactly `channelData`'s samples, aligned to the sample. Frames after the last one those
 * samples need are dropped (lamejs disables the bit reservoir, so each frame stands alone, and
 * a frame's output depends only on it and the frame before), keeping the padding within 12 bits.
 */
export const reEncodeMp3 = ({
  channelData,
  sampleRate,
  channelCount,
  leading,
  trailing,
}: {
  /** One array per channel, float samples in [-1, 1]; extra channels are ignored. */
  channelData: Float32Array[];
  sampleRate: number;
  channelCount: 1 | 2;
  /** Bytes to keep before (ID3v2 tags) and after (APE, ID3v1 tags) the new stream. */
  leading: Uint8Array;
  trailing: Uint8Array;
}): Uint8Array => {
  const sampleCount = channelData[0]!.length;
  const encoded = encodeMp3({
    channels: channelData.slice(0, channelCount).map(toInt16),
    sampleRate,
    bitRateInKbps: bitrateKbps({sampleRate, channelCount}),
  });

  const {audioFrames, samplesPerFrame} = readMp3Frames({data: encoded, name: 'the re-encoded audio'});
  const needed = Math.ceil((LAME_ENCODER_DELAY + DECODER_DELAY_SAMPLES + sampleCount) / samplesPerFrame);
  const kept = audioFrames.slice(0, needed);
  return assembleMp3({
    data: encoded,
    like: kept[0]!,
    leading,
    frames: kept.map((frame) => ({bytes: encoded.subarray(frame.offset, frame.offset + frame.sizeInBytes), bitrateKbps: frame.bitrateKbps})),
    trailing,
    encoderDelay: LAME_ENCODER_DELAY,
    padding: kept.length * samplesPerFrame - LAME_ENCODER_DELAY - sampleCount,
  });
};
