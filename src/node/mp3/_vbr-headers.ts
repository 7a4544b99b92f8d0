import {layer3SideInfoSize, type MpegFrameHeader} from './_mpeg-frame-header.ts';

/**
 * The LAME extension of a Xing/Info tag: how many samples the encoder added before the signal
 * (`encoderDelay`, 576 for LAME, without the decoder's own 529) and after it (`padding`, to fill
 * the last frame; gapless decoders remove `padding - 529` at the end).
 */
export type LameTag = {versionString: string; encoderDelay: number; padding: number};

/**
 * A Xing ("Xing": VBR, "Info": CBR) tag in the first frame, as mpg123 reads it. That frame is
 * not audio: it holds the number of audio frames after it, the stream's bytes, a seek table and
 * often a LAME extension.
 */
export type XingTag = {
  kind: 'xing' | 'info';
  /** Audio frames after the tag's frame, when the tag says (flag 1). */
  frameCount: number | null;
  /** Bytes of the stream, the tag's frame included, when the tag says (flag 2). */
  byteCount: number | null;
  lame: LameTag | null;
};

/** A VBRI tag (Fraunhofer encoders) 32 bytes after the first frame's header. */
export type VbriTag = {kind: 'vbri'; frameCount: number; byteCount: number};

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, Math.min(bytes.length, start + length)));
const u32 = (bytes: Uint8Array, at: number): number =>
  ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;

/** Xing flags: which optional fields follow. */
export const XING_FLAGS = {frames: 1, bytes: 2, toc: 4, quality: 8} as const;
/** Bytes from "LAME" to the end of the delay/padding field that mpg123 needs (version 9, then 12 fields). */
const LAME_FIELDS_READ_BY_MPG123 = 24;
/** Offset of the 24-bit delay/padding field in the LAME extension. */
const LAME_DELAY_OFFSET = 21;

/**
 * The Xing/Info tag of `frame` read as mpg123 (the decoder behind `mpg123-decoder`) does: only a
 * Layer III frame, only when the side information before the tag is all zero (apart from the
 * 2 bytes a CRC may take), and only the fields that fit in the frame. The LAME extension counts
 * when its first byte is not zero, whatever encoder it names.
 */
export const readXingTag = (bytes: Uint8Array, frame: MpegFrameHeader): XingTag | null => {
  if (frame.layer !== 3) return null;
  const frameEnd = frame.offset + frame.sizeInBytes;
  let at = frame.offset + 4 + layer3SideInfoSize(frame);
  if (at + 8 > frameEnd) return null;
  for (let i = frame.offset + 6; i < at; i++) {
    if (bytes[i] !== 0) return null;
  }
  const id = ascii(bytes, at, 4);
  if (id !== 'Xing' && id !== 'Info') return null;
  const flags = u32(bytes, at + 4);
  at += 8;
  const tag: XingTag = {kind: id === 'Xing' ? 'xing' : 'info', frameCount: null, byteCount: null, lame: null};
  const fits = (length: number) => at + length <= frameEnd;
  if (flags & XING_FLAGS.frames) {
    if (!fits(4)) return tag;
    tag.frameCount = u32(bytes, at);
    at += 4;
  }
  if (flags & XING_FLAGS.bytes) {
    if (!fits(4)) return tag;
    tag.byteCount = u32(bytes, at);
    at += 4;
  }
  if (flags & XING_FLAGS.toc) {
    if (!fits(100)) return tag;
    at += 100;
  }
  if (flags & XING_FLAGS.quality) {
    if (!fits(4)) return tag;
    at += 4;
  }
  if (fits(LAME_FIELDS_READ_BY_MPG123) && bytes[at] !== 0) {
    tag.lame = {
      versionString: ascii(bytes, at, 9).replace(/\0+$/, ''),
      ...readDelayAndPadding(bytes, at + LAME_DELAY_OFFSET),
    };
  }
  return tag;
};

const readDelayAndPadding = (bytes: Uint8Array, at: number): {encoderDelay: number; padding: number} => ({
  encoderDelay: (bytes[at]! << 4) | (bytes[at + 1]! >> 4),
  padding: ((bytes[at + 1]! & 0x0f) << 8) | bytes[at + 2]!,
});

/** The VBRI tag of `frame` (version 1, as ffmpeg requires), or null. */
export const readVbriTag = (bytes: Uint8Array, frame: MpegFrameHeader): VbriTag | null => {
  const at = frame.offset + 36;
  if (frame.layer !== 3 || at + 18 > frame.offset + frame.sizeInBytes || ascii(bytes, at, 4) !== 'VBRI') return null;
  if (((bytes[at + 4]! << 8) | bytes[at + 5]!) !== 1) return null;
  return {kind: 'vbri', byteCount: u32(bytes, at + 10), frameCount: u32(bytes, at + 14)};
};

/** Encoder names whose LAME extension ffmpeg trusts for delay and padding (mp3dec.c). */
const FFMPEG_GAPLESS_ENCODERS = ['LAME', 'Lavf', 'Lavc'];

/**
 * How ffmpeg 7.1's mp3 demuxer (mp3dec.c: mp3_parse_vbr_tags and mp3_parse_info_tag; ffprobe,
 * Chrome and Remotion's compositor use it) reads the first frame of the stream at `base`.
 */
export type FfmpegHeaderReading = {
  /** Whether ffmpeg treats the first frame as a header and not as audio. */
  skipsFirstFrame: boolean;
  /** Audio frames it believes in (0: unknown, so it estimates from the bitrate). */
  frameCount: number;
  /** The "Info" id (ffmpeg then takes the stream for CBR). */
  isCbr: boolean;
  /** Samples it drops at the start of the decoded stream (LAME delay + 529), or 0. */
  startSkipInSamples: number;
  /** The sample from which it drops samples at the end (frames × spf − padding + 529), or null. */
  firstDiscardSample: number | null;
};

/**
 * The header as ffmpeg reads it. Unlike mpg123 it does not require zero side information, it
 * reads the tag at the same place even when the frame is too small to hold it, it takes delay
 * and padding only from LAME/Lavf/Lavc tags, it ignores the frame count when the file is more
 * than 1/16 larger than the tag's byte count ("invalid concatenated file"), and it reads VBRI.
 */
export const readFfmpegHeader = (bytes: Uint8Array, frame: MpegFrameHeader): FfmpegHeaderReading => {
  const none: FfmpegHeaderReading = {skipsFirstFrame: false, frameCount: 0, isCbr: false, startSkipInSamples: 0, firstDiscardSample: null};
  if (frame.layer !== 3) return none;
  const spf = frame.samplesPerFrame;
  const base = frame.offset;
  const fileSize = bytes.length - base;
  let at = base + 4 + layer3SideInfoSize(frame);
  const id = ascii(bytes, at, 4);
  let frameCount = 0;
  let headerFileSize = 0;
  let isCbr = false;
  let startSkipInSamples = 0;
  let firstDiscardSample: number | null = null;
  if ((id === 'Xing' || id === 'Info') && at + 8 <= bytes.length) {
    isCbr = id === 'Info';
    const flags = u32(bytes, at + 4);
    at += 8;
    const read32 = () => {
      const value = at + 4 <= bytes.length ? u32(bytes, at) : 0;
      at += 4;
      return value;
    };
    if (flags & XING_FLAGS.frames) frameCount = read32();
    if (flags & XING_FLAGS.bytes) headerFileSize = read32();
    if (fileSize && headerFileSize) {
      const min = Math.min(fileSize, headerFileSize);
      const delta = Math.max(fileSize, headerFileSize) - min;
      if (fileSize > headerFileSize && delta > Math.floor(min / 16)) frameCount = 0; // "invalid concatenated file detected"
    }
    if (flags & XING_FLAGS.toc) at += 100;
    if (flags & XING_FLAGS.quality) at += 4;
    if (at + LAME_DELAY_OFFSET + 3 <= bytes.length && FFMPEG_GAPLESS_ENCODERS.includes(ascii(bytes, at, 4))) {
      const {encoderDelay, padding} = readDelayAndPadding(bytes, at + LAME_DELAY_OFFSET);
      startSkipInSamples = encoderDelay + 528 + 1;
      if (frameCount) firstDiscardSample = frameCount * spf - padding + 528 + 1;
    }
  }
  const vbri = ascii(bytes, base + 36, 4) === 'VBRI' && base + 54 <= bytes.length && ((bytes[base + 40]! << 8) | bytes[base + 41]!) === 1;
  if (vbri) {
    headerFileSize = u32(bytes, base + 46);
    frameCount = u32(bytes, base + 50);
  }
  const skipsFirstFrame = frameCount !== 0 || headerFileSize !== 0;
  return {skipsFirstFrame, frameCount, isCbr, startSkipInSamples, firstDiscardSample};
};
