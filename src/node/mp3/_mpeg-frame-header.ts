/** MPEG audio version: 1, 2 (low sampling frequencies) or the unofficial 2.5 (lower still). */
export type MpegVersion = 1 | 2 | 2.5;
/** The header's channel mode bits. Joint stereo and dual channel are two channels, as stereo is. */
export type ChannelMode = 'stereo' | 'joint-stereo' | 'dual-channel' | 'mono';

/** One MPEG audio frame header (4 bytes) and the frame length it implies. */
export type MpegFrameHeader = {
  /** Byte offset of the frame (its header) in the file. */
  offset: number;
  /** Length of the whole frame, header included, in bytes. */
  sizeInBytes: number;
  mpegVersion: MpegVersion;
  layer: 1 | 2 | 3;
  bitrateKbps: number;
  /** Hz. */
  sampleRate: number;
  /** Samples per channel the frame decodes to: 384 (Layer I), 1152 (Layer II, Layer III MPEG-1), 576 (Layer III MPEG-2/2.5). */
  samplesPerFrame: 384 | 576 | 1152;
  channelMode: ChannelMode;
  channelCount: 1 | 2;
  /** Whether a 16-bit CRC follows the header. */
  hasCrc: boolean;
};

const VERSION_BY_BITS: Record<number, MpegVersion | undefined> = {0: 2.5, 2: 2, 3: 1};
const LAYER_BY_BITS: Record<number, 1 | 2 | 3 | undefined> = {1: 3, 2: 2, 3: 1};
const CHANNEL_MODES: readonly ChannelMode[] = ['stereo', 'joint-stereo', 'dual-channel', 'mono'];

/** Bitrate tables (kbps) by bitrate index 1-14; index 0 is "free format", 15 is forbidden. */
const KBPS = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
} as const;

/** Sample rates (Hz) by sample rate index 0-2; index 3 is reserved. */
export const SAMPLE_RATES: Record<MpegVersion, readonly [number, number, number]> = {
  1: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  2.5: [11025, 12000, 8000],
};

/** The bitrates (kbps) a Layer III frame of this MPEG version can declare, by bitrate index. */
export const layer3BitratesKbps = (mpegVersion: MpegVersion): readonly number[] =>
  mpegVersion === 1 ? KBPS.v1l3 : KBPS.v2l23;

const bitrateTable = (mpegVersion: MpegVersion, layer: 1 | 2 | 3): readonly number[] => {
  if (mpegVersion === 1) return layer === 1 ? KBPS.v1l1 : layer === 2 ? KBPS.v1l2 : KBPS.v1l3;
  return layer === 1 ? KBPS.v2l1 : KBPS.v2l23;
};

/** Length in bytes of a frame with these parameters (padding bit included). */
export const frameSizeInBytes = ({
  mpegVersion,
  layer,
  bitrateKbps,
  sampleRate,
  padding,
}: {
  mpegVersion: MpegVersion;
  layer: 1 | 2 | 3;
  bitrateKbps: number;
  sampleRate: number;
  padding: boolean;
}): number => {
  if (layer === 1) return (Math.floor((12000 * bitrateKbps) / sampleRate) + (padding ? 1 : 0)) * 4;
  // Layer III at MPEG-2/2.5 holds half the samples of MPEG-1, so half the bytes per kbps.
  const bytesPerKbps = layer === 3 && mpegVersion !== 1 ? 72000 : 144000;
  return Math.floor((bytesPerKbps * bitrateKbps) / sampleRate) + (padding ? 1 : 0);
};

/**
 * The frame header at `offset`, or null when the 4 bytes there are not one: no sync word,
 * a reserved version, layer or sample rate, the forbidden bitrate index 15, or bitrate index 0
 * (free format, whose frame length cannot be read from the header; see `isFreeFormatHeader`).
 */
export const readMpegFrameHeader = (bytes: Uint8Array, offset: number): MpegFrameHeader | null => {
  if (offset < 0 || offset + 4 > bytes.length) return null;
  const b1 = bytes[offset + 1]!;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const mpegVersion = VERSION_BY_BITS[(b1 >> 3) & 3];
  const layer = LAYER_BY_BITS[(b1 >> 1) & 3];
  if (mpegVersion === undefined || layer === undefined) return null;
  const b2 = bytes[offset + 2]!;
  const bitrateKbps = bitrateTable(mpegVersion, layer)[b2 >> 4];
  const sampleRate = SAMPLE_RATES[mpegVersion][(b2 >> 2) & 3];
  if (!bitrateKbps || sampleRate === undefined) return null;
  const channelMode = CHANNEL_MODES[bytes[offset + 3]! >> 6]!;
  return {
    offset,
    sizeInBytes: frameSizeInBytes({mpegVersion, layer, bitrateKbps, sampleRate, padding: ((b2 >> 1) & 1) === 1}),
    mpegVersion,
    layer,
    bitrateKbps,
    sampleRate,
    samplesPerFrame: layer === 1 ? 384 : layer === 3 && mpegVersion !== 1 ? 576 : 1152,
    channelMode,
    channelCount: channelMode === 'mono' ? 1 : 2,
    hasCrc: (b1 & 1) === 0,
  };
};

/** Whether the 4 bytes at `offset` are a valid frame header except for its free-format bitrate. */
export const isFreeFormatHeader = (bytes: Uint8Array, offset: number): boolean => {
  if (offset + 4 > bytes.length || bytes[offset + 2]! >> 4 !== 0) return false;
  const patched = Uint8Array.from(bytes.subarray(offset, offset + 4));
  patched[2] = patched[2]! | 0x10;
  return readMpegFrameHeader(patched, 0) !== null;
};

/**
 * Bytes of Layer III side information after the header (and its CRC, if any): where a
 * Xing/Info tag starts, 4 + this many bytes into its frame, as LAME, ffmpeg and mpg123 place it.
 */
export const layer3SideInfoSize = ({mpegVersion, channelCount}: {mpegVersion: MpegVersion; channelCount: 1 | 2}): number =>
  mpegVersion === 1 ? (channelCount === 1 ? 17 : 32) : channelCount === 1 ? 9 : 17;

/** "MPEG-1 Layer III, 44100 Hz, mono": for messages. */
export const describeFrameFormat = (frame: Pick<MpegFrameHeader, 'mpegVersion' | 'layer' | 'sampleRate' | 'channelCount'>): string =>
  `MPEG-${frame.mpegVersion} Layer ${'I'.repeat(frame.layer)}, ${frame.sampleRate} Hz, ${frame.channelCount === 1 ? 'mono' : 'stereo'}`;

/** Whether two frames can belong to one stream: same version, layer, sample rate and channel count. */
export const sameStreamFormat = (a: MpegFrameHeader, b: MpegFrameHeader): boolean =>
  a.mpegVersion === b.mpegVersion && a.layer === b.layer && a.sampleRate === b.sampleRate && a.channelCount === b.channelCount;
