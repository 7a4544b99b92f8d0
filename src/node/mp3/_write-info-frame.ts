import {frameSizeInBytes, layer3SideInfoSize, type MpegFrameHeader} from './_mpeg-frame-header.ts';
import {XING_FLAGS} from './_vbr-headers.ts';

/** "Xing" .. the LAME tag CRC: 120 bytes of Xing fields (all four flags) and 36 of LAME extension. */
const INFO_TAG_SIZE = 156;

/**
 * The encoder name we write in the LAME extension. ffmpeg (and so Chrome and Remotion) applies
 * delay and padding only when it starts with "LAME" (or "Lavf"/"Lavc"), and mpg123 whenever it
 * is not empty. We write the LAME tag format but no LAME version, since we did not encode the
 * audio; the rest of the name says who wrote the header.
 */
const ENCODER_NAME = 'LAMEnarr\0';

/** CRC-16 as LAME computes its tag and music CRCs (CRC-16/ARC: polynomial 0x8005 reflected, initial 0). */
export const lameCrc16 = (bytes: Uint8Array, crc = 0): number => {
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
};

/** A frame header like `like`'s (version, layer, sample rate, channel mode), without CRC or padding. */
const headerBytes = (data: Uint8Array, like: MpegFrameHeader, bitrateIndex: number): Uint8Array => {
  const header = Uint8Array.from(data.subarray(like.offset, like.offset + 4));
  header[1] = header[1]! | 0x01; // protection bit set: no CRC
  header[2] = (bitrateIndex << 4) | (header[2]! & 0x0c); // keep the sample rate; no padding, private bit 0
  return header;
};

const sizeAt = (like: MpegFrameHeader, bitrateKbps: number): number =>
  frameSizeInBytes({mpegVersion: like.mpegVersion, layer: 3, bitrateKbps, sampleRate: like.sampleRate, padding: false});

/**
 * A Layer III frame that decodes to `samplesPerFrame` samples of digital silence in every
 * decoder: all side information zero (main_data_begin 0, no Huffman data), at the lowest
 * bitrate (bitrate index 1). Its zero main-data bytes never reach the following frame, whose
 * main_data_begin is 0 when the stream starts with it.
 */
export const buildSilentFrame = (data: Uint8Array, like: MpegFrameHeader, bitratesKbps: readonly number[]): Uint8Array => {
  const frame = new Uint8Array(sizeAt(like, bitratesKbps[1]!));
  frame.set(headerBytes(data, like, 1));
  return frame;
};

/**
 * A Xing/Info frame with a LAME extension, laid out as LAME 3.100 writes it: a header like
 * the audio frames' at the lowest bitrate whose frame holds the tag; zero side information;
 * "Xing" (VBR) or "Info" (CBR); flags 0x0F; the number of frames after it; the stream's bytes
 * (this frame included); a 100-entry seek table; quality 0; the LAME extension (encoder name,
 * nothing else known but encoder delay and padding, 12 bits each), the music length, the
 * CRC-16 of the frames after it and the CRC-16 of this frame up to that CRC.
 */
export const buildInfoFrame = ({
  data,
  like,
  bitratesKbps,
  vbr,
  frameCount,
  byteCount,
  toc,
  encoderDelay,
  padding,
  musicCrc,
}: {
  data: Uint8Array;
  /** An audio frame of the stream: the header's version, sample rate and channel mode come from it. */
  like: MpegFrameHeader;
  /** The Layer III bitrates of this MPEG version, by index. */
  bitratesKbps: readonly number[];
  vbr: boolean;
  frameCount: number;
  byteCount: number;
  toc: Uint8Array;
  /** Samples, 0-4095. */
  encoderDelay: number;
  /** Samples, 0-4095. */
  padding: number;
  musicCrc: number;
}): Uint8Array => {
  if (!(encoderDelay >= 0 && encoderDelay <= 0xfff && padding >= 0 && padding <= 0xfff)) {
    throw new RangeError(`A LAME tag holds delay and padding of 0-4095 samples, got ${encoderDelay} and ${padding}.`);
  }
  const tagOffset = 4 + layer3SideInfoSize(like);
  const bitrateIndex = bitratesKbps.findIndex((kbps, index) => index > 0 && sizeAt(like, kbps) >= tagOffset + INFO_TAG_SIZE);
  const frame = new Uint8Array(sizeAt(like, bitratesKbps[bitrateIndex]!));
  const view = new DataView(frame.buffer);
  frame.set(headerBytes(data, like, bitrateIndex));
  let at = tagOffset;
  const putAscii = (text: string) => {
    for (const char of text) frame[at++] = char.charCodeAt(0);
  };
  const put8 = (value: number) => {
    frame[at++] = value & 0xff;
  };
  const put16 = (value: number) => {
    view.setUint16(at, value);
    at += 2;
  };
  const put32 = (value: number) => {
    view.setUint32(at, value >>> 0);
    at += 4;
  };
  putAscii(vbr ? 'Xing' : 'Info');
  put32(XING_FLAGS.frames | XING_FLAGS.bytes | XING_FLAGS.toc | XING_FLAGS.quality);
  put32(frameCount);
  put32(byteCount);
  frame.set(toc, at);
  at += 100;
  put32(0); // quality: unknown
  putAscii(ENCODER_NAME);
  put8(0); // tag revision 0, VBR method unknown
  put8(0); // lowpass: unknown
  put32(0); // peak amplitude: not computed
  put16(0); // radio ReplayGain: not set
  put16(0); // audiophile ReplayGain: not set
  put8(0); // encoding flags, ATH type: unknown
  put8(0); // bitrate: unknown
  put8(encoderDelay >> 4);
  put8(((encoderDelay & 0x0f) << 4) | (padding >> 8));
  put8(padding & 0xff);
  put8(0); // noise shaping, stereo mode, source rate: unknown
  put8(0); // MP3 gain
  put16(0); // surround, preset: none
  put32(byteCount); // music length
  put16(musicCrc);
  put16(lameCrc16(frame.subarray(0, at)));
  return frame;
};

/**
 * The Xing seek table: entry i is where i % of the playing time starts, as a fraction of
 * `byteCount` in 1/256ths, measured from the Xing frame.
 */
export const buildToc = ({frameOffsets, byteCount}: {frameOffsets: readonly number[]; byteCount: number}): Uint8Array => {
  const toc = new Uint8Array(100);
  for (let i = 0; i < 100; i++) {
    const offset = frameOffsets[Math.floor((i * frameOffsets.length) / 100)] ?? 0;
    toc[i] = Math.min(255, Math.floor((256 * offset) / byteCount));
  }
  return toc;
};
