// The MP3 corpus of the tests in this folder: the committed fixtures (test/fixtures, made by
// encoders) and files derived from them here, byte by byte, for tag layouts, headers and damage
// that encoders do not produce on demand. test/fixtures/README.md lists both.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {REPO_ROOT} from '../helpers/temp-project.ts';

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  parts.reduce((offset, part) => (out.set(part, offset), offset + part.length), 0);
  return out;
};
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));
const syncsafe = (size: number): number[] => [(size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f];

/** Seeded bytes (mulberry32), so that "random" garbage is the same on every run. */
export const seededBytes = (length: number, seed: number): Uint8Array => {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) >>> 24;
  }
  return bytes;
};

/**
 * An ID3v2 tag with a TIT2 (title) frame and `paddingBytes` of padding; ID3v2.4 may set the
 * footer flag (10 more bytes, "3DI") and the unsynchronisation flag (which does not change
 * the tag's length on disk).
 */
export const id3v2Tag = ({
  version = 3,
  footer = false,
  unsynchronisation = false,
  paddingBytes = 0,
}: {version?: 3 | 4; footer?: boolean; unsynchronisation?: boolean; paddingBytes?: number} = {}): Uint8Array => {
  const text = ascii('\u0003Narration fixture');
  const frameSize = version === 4 ? syncsafe(text.length) : [0, 0, 0, text.length];
  const body = concat(ascii('TIT2'), Uint8Array.from(frameSize), Uint8Array.of(0, 0), text, new Uint8Array(paddingBytes));
  const flags = (unsynchronisation ? 0x80 : 0) | (footer ? 0x10 : 0);
  const header = (id: string) => concat(ascii(id), Uint8Array.of(version, 0, flags, ...syncsafe(body.length)));
  return concat(header('ID3'), body, footer ? header('3DI') : new Uint8Array(0));
};

/** The 128-byte ID3v1 tag. */
export const id3v1Tag = (): Uint8Array => {
  const tag = new Uint8Array(128);
  tag.set(ascii('TAGNarration fixture'));
  return tag;
};

/**
 * An APE tag with one item: APEv2 with header and footer, or APEv1 (footer only); `valueBytes`
 * makes the item as large as, say, cover art.
 */
export const apeTag = ({withHeader, valueBytes = 0}: {withHeader: boolean; valueBytes?: number}): Uint8Array => {
  const value = valueBytes > 0 ? seededBytes(valueBytes, 7) : ascii('Narration fixture');
  const item = concat(Uint8Array.of(value.length, 0, 0, 0, 0, 0, 0, 0), ascii('Title\0'), value);
  const block = (isHeader: boolean) => {
    const bytes = new Uint8Array(32);
    const view = new DataView(bytes.buffer);
    bytes.set(ascii('APETAGEX'));
    view.setUint32(8, withHeader ? 2000 : 1000, true);
    view.setUint32(12, item.length + 32, true); // items + footer
    view.setUint32(16, 1, true);
    view.setUint32(20, (withHeader ? 0x80000000 : 0) | (isHeader ? 0x20000000 : 0), true);
    return bytes;
  };
  return withHeader ? concat(block(true), item, block(false)) : concat(item, block(false));
};

/** Bytes of a 16-bit mono WAV file: `seconds` of a 440 Hz tone. */
export const wavFile = ({seconds, sampleRate}: {seconds: number; sampleRate: number}): Uint8Array => {
  const samples = Math.round(seconds * sampleRate);
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  bytes.set(ascii('RIFF'), 0);
  view.setUint32(4, 36 + samples * 2, true);
  bytes.set(ascii('WAVEfmt '), 8);
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  bytes.set(ascii('data'), 36);
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) view.setInt16(44 + i * 2, Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 12000), true);
  return bytes;
};

/** Byte length of the ID3v2 tags at the start of `data`. */
export const leadingTagsLength = (data: Uint8Array): number => {
  let at = 0;
  while (data[at] === 0x49 && data[at + 1] === 0x44 && data[at + 2] === 0x33) {
    at += 10 + ((data[at + 6]! << 21) | (data[at + 7]! << 14) | (data[at + 8]! << 7) | data[at + 9]!) + (data[at + 5]! & 0x10 ? 10 : 0);
  }
  return at;
};

/**
 * The frames of an MP3 without tags, as [offset, size] pairs (a plain header walk written for
 * the tests: Layer III only, no validation).
 */
export const frameSpans = (data: Uint8Array): [number, number][] => {
  const spans: [number, number][] = [];
  const kbps = {1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320], 2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]};
  const rates = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]} as Record<number, number[]>;
  for (let at = leadingTagsLength(data); at + 4 <= data.length && data[at] === 0xff; ) {
    const version = (data[at + 1]! >> 3) & 3;
    const rate = rates[version]![(data[at + 2]! >> 2) & 3]!;
    const bitrate = (version === 3 ? kbps[1] : kbps[2])[data[at + 2]! >> 4]!;
    const size = Math.floor(((version === 3 ? 144000 : 72000) * bitrate) / rate) + ((data[at + 2]! >> 1) & 1);
    if (at + size > data.length) break;
    spans.push([at, size]);
    at += size;
  }
  return spans;
};

/** The bytes of frames [from, to) of `data`. */
export const framesOf = (data: Uint8Array, from: number, to?: number): Uint8Array => {
  const spans = frameSpans(data).slice(from, to);
  return data.slice(spans[0]![0], spans[spans.length - 1]![0] + spans[spans.length - 1]![1]);
};

/**
 * A frame like the first frame of `audio` holding a tag at `tagOffset` from its start, the rest
 * zero: a Xing tag with only a frame count (no LAME extension, as old Xing encoders wrote it),
 * or a Fraunhofer VBRI tag.
 */
const headerFrame = (audio: Uint8Array, bitrateIndex: number, fill: (frame: Uint8Array, view: DataView) => void): Uint8Array => {
  const first = frameSpans(audio)[0]![0];
  const probe = Uint8Array.of(0xff, audio[first + 1]! | 1, (bitrateIndex << 4) | (audio[first + 2]! & 0x0c), audio[first + 3]!);
  const size = frameSpans(concat(probe, new Uint8Array(4000)))[0]?.[1] ?? 0;
  const frame = new Uint8Array(size);
  frame.set(probe);
  fill(frame, new DataView(frame.buffer));
  return frame;
};

/** `audio` (frames only) with a Xing frame first that gives just the frame count. */
export const withXingFrameCountOnly = (audio: Uint8Array): Uint8Array => {
  const frameCount = frameSpans(audio).length;
  const version1 = ((audio[frameSpans(audio)[0]![0] + 1]! >> 3) & 3) === 3;
  const mono = audio[frameSpans(audio)[0]![0] + 3]! >> 6 === 3;
  const tagAt = 4 + (version1 ? (mono ? 17 : 32) : mono ? 9 : 17);
  return concat(
    headerFrame(audio, version1 ? 9 : 8, (frame, view) => {
      frame.set(ascii('Xing'), tagAt);
      view.setUint32(tagAt + 4, 1);
      view.setUint32(tagAt + 8, frameCount);
    }),
    audio,
  );
};

/** `audio` (frames only) with a VBRI frame first, as Fraunhofer encoders write one. */
export const withVbriFrame = (audio: Uint8Array): Uint8Array => {
  const frameCount = frameSpans(audio).length;
  return concat(
    headerFrame(audio, 9, (frame, view) => {
      frame.set(ascii('VBRI'), 36);
      view.setUint16(40, 1); // version
      view.setUint16(42, 1105); // delay
      view.setUint16(44, 75); // quality
      view.setUint32(46, audio.length + frame.length);
      view.setUint32(50, frameCount);
    }),
    audio,
  );
};

/** Frames of MPEG-1 Layer II (zero-filled): an MPEG audio file that is not MP3. */
export const layer2Frames = (count: number): Uint8Array => {
  const frame = new Uint8Array(417); // 128 kbps, 44100 Hz: 144000 × 128 / 44100
  frame.set([0xff, 0xfd, 0x90, 0xc0]);
  return concat(...Array.from({length: count}, () => frame));
};

export type CorpusFile = {name: string; data: Uint8Array; about: string};

const committedValid: [string, string][] = [
  ['cbr-44100-mono.mp3', 'MPEG-1 CBR 128k mono, LAME tag'],
  ['vbr-no-xing.mp3', 'MPEG-1 VBR mono without Xing (lame -t)'],
  ['mpeg25-8khz.mp3', 'MPEG-2.5 8 kHz CBR mono, LAME tag'],
  ['vbr-xing-44100-stereo.mp3', 'MPEG-1 VBR joint stereo, Xing + LAME tag'],
  ['cbr-24000-mono-no-tag.mp3', 'MPEG-2 CBR mono without Xing/LAME tag'],
  ['cbr-48000-mono-id3v1.mp3', 'MPEG-1 48 kHz CBR mono, LAME tag, ID3v1'],
  ['vbr-12000-stereo-no-xing.mp3', 'MPEG-2.5 VBR joint stereo without Xing'],
  ['cbr-11025-mono-crc-no-tag.mp3', 'MPEG-2.5 CBR mono with CRC-protected frames, no tag'],
  ['vbr-22050-mono-id3v2-apic.mp3', 'MPEG-2 VBR mono, LAME tag, 100 KB ID3v2 APIC'],
  ['vbr-pipe-24000-mono.mp3', 'ffmpeg to a pipe: ID3v2 + MPEG-2 VBR mono, no Xing'],
  ['vbr-pipe-44100-stereo.mp3', 'ffmpeg to a pipe: ID3v2 + MPEG-1 VBR joint stereo, no Xing'],
];

/** Every valid MP3 of the corpus. */
export const validCorpus = (): CorpusFile[] => {
  const pipe24 = fixture('vbr-pipe-24000-mono.mp3');
  const pipe24Frames = pipe24.subarray(leadingTagsLength(pipe24));
  const cbr = fixture('cbr-44100-mono.mp3');
  const xing = fixture('vbr-xing-44100-stereo.mp3');
  const cbr24 = fixture('cbr-24000-mono-no-tag.mp3');
  return [
    ...committedValid.map(([name, about]) => ({name, data: fixture(name), about})),
    {name: 'id3v24-footer-unsync+cbr.mp3', data: concat(id3v2Tag({version: 4, footer: true, unsynchronisation: true, paddingBytes: 300}), cbr), about: 'ID3v2.4 with footer and unsynchronisation flags'},
    {name: 'two-id3v2+cbr-24000.mp3', data: concat(id3v2Tag({version: 3}), id3v2Tag({version: 4}), cbr24), about: 'two ID3v2 tags in a row, MPEG-2 CBR without tag'},
    {name: 'vbr-xing+apev2+id3v1.mp3', data: concat(xing, apeTag({withHeader: true}), id3v1Tag()), about: 'APEv2 (header + footer) then ID3v1'},
    {name: 'cbr+apev1.mp3', data: concat(cbr, apeTag({withHeader: false})), about: 'APEv1 (footer only)'},
    {name: 'pipe-24000+apev2.mp3', data: concat(pipe24, apeTag({withHeader: true})), about: 'ffmpeg pipe output (VBR, no Xing) with an APEv2 tag after it'},
    {name: 'xing-count-only-24000.mp3', data: withXingFrameCountOnly(pipe24Frames), about: 'a Xing frame count without LAME extension (mpg123 trims 529 samples, ffmpeg none)'},
    {name: 'vbri-24000.mp3', data: withVbriFrame(pipe24Frames), about: 'a VBRI header (mpg123 decodes its frame as audio, ffmpeg skips it)'},
    {name: 'xing+8k-ape.mp3', data: concat(xing, apeTag({withHeader: true, valueBytes: 8000})), about: 'Xing + LAME tag, then an APE tag larger than 1/16 of the audio (ffmpeg then ignores the frame count)'},
  ];
};

export type InvalidFile = CorpusFile & {
  /** What the error message must say after the file's name. */
  problem: RegExp;
};

/** Files that are not valid MP3s, and what the error says about each. */
export const invalidCorpus = (): InvalidFile[] => {
  const cbr = fixture('cbr-44100-mono.mp3'); // 2.000 s
  const cbr48 = fixture('cbr-48000-mono-id3v1.mp3');
  const stereo = fixture('vbr-xing-44100-stereo.mp3');
  const spans = frameSpans(cbr);
  const half = Math.floor(spans.length / 2);
  const tag = id3v2Tag();
  return [
    {name: 'not-audio.mp3', data: fixture('not-audio.mp3'), about: 'an HTML 403 page', problem: /^ does not decode as MP3 audio\.$/},
    {name: 'truncated.mp3', data: fixture('truncated.mp3'), about: 'cut inside a frame', problem: /^ is cut short: its last frame needs bytes 12955-13372, but the file ends at byte 13205/},
    {name: 'empty.mp3', data: new Uint8Array(0), about: 'no bytes', problem: /^ is empty \(0 bytes\)/},
    {name: 'wav.mp3', data: wavFile({seconds: 0.9, sampleRate: 44100}), about: 'a 0.9 s WAV renamed', problem: /^ is a WAV file, not MP3 audio\.$/},
    {
      name: 'garbage-after.mp3',
      data: concat(cbr, seededBytes(20 * 1024, 42)),
      about: 'a 2.0 s MP3 followed by 20 KB of random bytes',
      problem: new RegExp(`^ is not an MP3: bytes ${cbr.length}-${cbr.length + 20 * 1024 - 1} are not MP3 frames\\.$`),
    },
    {
      name: 'junk-between-frames.mp3',
      data: concat(framesOf(cbr, 0, 10), new Uint8Array(300), framesOf(cbr, 10)),
      about: '300 zero bytes between frames 10 and 11',
      problem: new RegExp(`^ is not an MP3: bytes ${spans[10]![0]}-${spans[10]![0] + 299} are not MP3 frames\\.$`),
    },
    {
      name: 'junk-before-frames.mp3',
      data: concat(tag, new Uint8Array(64), cbr),
      about: '64 zero bytes between the ID3v2 tag and the first frame',
      problem: new RegExp(`^ is not an MP3: bytes ${tag.length}-${tag.length + 63} are not MP3 frames\\.$`),
    },
    {
      name: 'id3v2-only.mp3',
      data: tag,
      about: 'an ID3v2 tag and nothing else',
      problem: new RegExp(`^ is not an MP3: it holds an ID3v2 tag \\(bytes 0-${tag.length - 1}\\) and no audio frames\\.$`),
    },
    {
      name: 'id3v2-cut.mp3',
      data: concat(tag, cbr).slice(0, 30),
      about: 'an ID3v2 tag cut short',
      problem: new RegExp(`^ is not an MP3: its ID3v2 tag at byte 0 says it is ${tag.length} bytes long, but the file ends 30 bytes after its start\\.$`),
    },
    {
      name: 'rate-switch.mp3',
      data: concat(framesOf(cbr, 0, half), framesOf(cbr48, 1, 60)),
      about: 'the second half is 48 kHz frames',
      problem: new RegExp(`^ is not a consistent MP3: at byte ${spans[half]![0]} its frames change from MPEG-1 Layer III, 44100 Hz, mono to MPEG-1 Layer III, 48000 Hz, mono \\(two files joined\\?\\)`),
    },
    {
      name: 'mono-to-stereo.mp3',
      data: concat(framesOf(cbr, 0, half), framesOf(stereo, 1)),
      about: 'mono frames, then stereo frames at the same rate',
      problem: /^ is not a consistent MP3: at byte \d+ its frames change from MPEG-1 Layer III, 44100 Hz, mono to MPEG-1 Layer III, 44100 Hz, stereo/,
    },
    {
      name: 'cut-at-frame-boundary.mp3',
      data: framesOf(cbr, 0, 40),
      about: 'the first 39 audio frames of a file whose Info header counts 78',
      problem: /^ is cut short: its Info header counts 78 audio frames, but only 39 are present/,
    },
    {
      name: 'joined.mp3',
      data: concat(cbr, framesOf(cbr, 1)),
      about: 'a file with a LAME Info header, then the audio frames of the same file again',
      problem: /^ is not a consistent MP3: its Info header counts 78 audio frames, but 156 follow \(two files joined\?\)\.$/,
    },
    {name: 'layer2.mp3', data: layer2Frames(20), about: 'MPEG-1 Layer II frames', problem: /^ is MPEG-1 Layer II audio, not MP3 \(MPEG Layer III\)\.$/},
    {name: 'free-format.mp3', data: Uint8Array.of(0xff, 0xfb, 0x00, 0xc4, ...new Uint8Array(500)), about: 'a free-format frame header', problem: /^ uses the free-format bitrate, which is not supported/},
  ];
};
