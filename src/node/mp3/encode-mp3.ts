import {Mp3Encoder} from '@breezystack/lamejs';

/** Samples handed to lamejs at a time: a multiple of the 1152-sample MP3 frame. */
const ENCODE_BLOCK_IN_SAMPLES = 1152 * 16;

/**
 * Encodes 16-bit PCM (mono or stereo) as CBR MP3 with lamejs. lamejs writes no LAME/Xing header,
 * so decoders keep its delay (1105 samples). CBR: the length a player estimates from the first
 * frame's bit rate is the true length.
 */
export const encodeMp3 = ({
  channels,
  sampleRate,
  bitRateInKbps,
}: {
  channels: Int16Array[];
  sampleRate: number;
  bitRateInKbps: number;
}): Uint8Array => {
  const [left, right] = channels;
  if (!left) {
    throw new TypeError('encodeMp3 needs at least one channel of samples.');
  }
  const encoder = new Mp3Encoder(channels.length, sampleRate, bitRateInKbps);
  const parts: Uint8Array[] = [];
  const keep = (part: ArrayBufferView) => {
    if (part.byteLength > 0) {
      // lamejs returns Int8Array despite its types; copy as bytes.
      parts.push(new Uint8Array(part.buffer, part.byteOffset, part.byteLength).slice());
    }
  };
  for (let start = 0; start < left.length; start += ENCODE_BLOCK_IN_SAMPLES) {
    const end = start + ENCODE_BLOCK_IN_SAMPLES;
    keep(encoder.encodeBuffer(left.subarray(start, end), right?.subarray(start, end)));
  }
  keep(encoder.flush());
  const mp3 = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let position = 0;
  for (const part of parts) {
    mp3.set(part, position);
    position += part.byteLength;
  }
  return mp3;
};

