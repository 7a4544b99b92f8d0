/**
 * PROTOTYPE for the row 4 investigation (not used by the product): the decoded length of an MP3
 * found by walking its frame headers instead of decoding the audio. Every Layer III frame holds
 * a fixed number of samples, so counting whole frames and applying the LAME tag's encoder delay
 * and padding gives the same sample count as mpg123-decoder (gapless), with no synthesis.
 * Returns null for anything it does not fully understand (junk between frames, other layers,
 * free format), where a caller would fall back to decoding.
 */
export const frameWalkDurationInSeconds = (bytes: Uint8Array): number | null => {
  let offset = id3v2Size(bytes);
  let frames = 0;
  let sampleRate = 0;
  let samplesPerFrame = 0;
  let gapless: {delay: number; padding: number; frames: number | null} | null = null;
  while (offset + 4 <= bytes.length) {
    const frame = readLayer3Header(bytes, offset);
    if (!frame) {
      // Only an ID3v1 or APE tag may follow the last frame.
      return isTrailingTag(bytes, offset) ? finish() : null;
    }
    if (offset + frame.size > bytes.length) break; // a partial last frame is dropped, as mpg123 does
    if (frames === 0 && gapless === null && sampleRate === 0) {
      sampleRate = frame.sampleRate;
      samplesPerFrame = frame.samplesPerFrame;
      const tag = readInfoTag(bytes, offset, frame);
      if (tag) {
        gapless = tag;
        offset += frame.size;
        continue; // the Info/Xing frame is not audio
      }
    }
    if (frame.sampleRate !== sampleRate) return null;
    frames++;
    offset += frame.size;
  }
  return finish();

  function finish(): number | null {
    if (frames === 0 || sampleRate === 0) return null;
    let samples = frames * samplesPerFrame;
    if (gapless) {
      // mpg123 skips the tag's delay plus its own 529-sample decoder delay at the start, and stops
      // the padding minus those 529 samples before the end of the last frame the tag counts.
      samples -= gapless.delay + MPG123_DECODER_DELAY;
      if (gapless.frames !== null) samples = Math.min(samples, gapless.frames * samplesPerFrame - gapless.delay - gapless.padding);
    }
    return Math.max(0, samples) / sampleRate;
  }
};

const MPG123_DECODER_DELAY = 529;

type Layer3Header = {size: number; sampleRate: number; samplesPerFrame: number; mpeg1: boolean; mono: boolean};

const KBPS_MPEG1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const KBPS_MPEG2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]};

const readLayer3Header = (bytes: Uint8Array, offset: number): Layer3Header | null => {
  const b1 = bytes[offset + 1]!;
  const b2 = bytes[offset + 2]!;
  const version = (b1 >> 3) & 3;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0 || version === 1 || ((b1 >> 1) & 3) !== 1) return null;
  const mpeg1 = version === 3;
  const kbps = (mpeg1 ? KBPS_MPEG1 : KBPS_MPEG2)[b2 >> 4];
  const sampleRate = RATES[version]![(b2 >> 2) & 3];
  if (!kbps || !sampleRate) return null; // free format or reserved values
  const size = Math.floor(((mpeg1 ? 144000 : 72000) * kbps) / sampleRate) + ((b2 >> 1) & 1);
  return {size, sampleRate, samplesPerFrame: mpeg1 ? 1152 : 576, mpeg1, mono: bytes[offset + 3]! >> 6 === 3};
};

/** Encoder delay and padding from a Xing/Info frame's LAME extension, and its frame count. */
const readInfoTag = (bytes: Uint8Array, offset: number, frame: Layer3Header): {delay: number; padding: number; frames: number | null} | null => {
  const at = offset + 4 + (frame.mpeg1 ? (frame.mono ? 17 : 32) : frame.mono ? 9 : 17);
  const id = String.fromCharCode(...bytes.subarray(at, at + 4));
  if (id !== 'Xing' && id !== 'Info') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint32(at + 4);
  let cursor = at + 8;
  const frames = flags & 1 ? view.getUint32(cursor) : null;
  cursor += (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
  // LAME extension: 9-byte version, then delay (12 bits) and padding (12 bits) at +21.
  if (cursor + 24 > offset + frame.size) return {delay: 0, padding: 0, frames};
  const delay = (bytes[cursor + 21]! << 4) | (bytes[cursor + 22]! >> 4);
  const padding = ((bytes[cursor + 22]! & 0x0f) << 8) | bytes[cursor + 23]!;
  return {delay, padding, frames};
};

const id3v2Size = (bytes: Uint8Array): number => {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
  return 10 + size + (bytes[5]! & 0x10 ? 10 : 0);
};

const isTrailingTag = (bytes: Uint8Array, offset: number): boolean => {
  const id = String.fromCharCode(...bytes.subarray(offset, offset + 8));
  return (id.startsWith('TAG') && bytes.length - offset === 128) || id === 'APETAGEX';
};
