import {InvalidAudioError} from '../../core/errors.ts';
import {
  describeFrameFormat,
  isFreeFormatHeader,
  readMpegFrameHeader,
  sameStreamFormat,
  type MpegFrameHeader,
  type MpegVersion,
} from './_mpeg-frame-header.ts';
import {findTrailingTags, Id3v2Problem, readId3v2Tag, type Mp3Tag} from './_mp3-tags.ts';
import {recognizeOtherFormat} from './_recognize-other-format.ts';
import {readVbriTag, readXingTag, type VbriTag, type XingTag} from './_vbr-headers.ts';

export type {MpegFrameHeader, MpegVersion} from './_mpeg-frame-header.ts';
export type {Mp3Tag} from './_mp3-tags.ts';
export type {LameTag, VbriTag, XingTag} from './_vbr-headers.ts';

/** An MP3 taken apart by `readMp3Frames`: its tags, its header frame and its audio frames. */
export type Mp3Frames = {
  /** ID3v2 tags at the start, APE and ID3v1 tags at the end, in file order. */
  tags: Mp3Tag[];
  /** Byte range of the MPEG stream: from the first frame (a Xing/Info frame, if any) to the end of the last. */
  streamStart: number;
  streamEnd: number;
  /** The Xing/Info frame, which decoders skip, and its tag; null when there is none. */
  xingFrame: MpegFrameHeader | null;
  xing: XingTag | null;
  /**
   * A VBRI tag in the first audio frame. mpg123 decodes that frame as audio, ffmpeg skips it:
   * see `inspectMp3`.
   */
  vbri: VbriTag | null;
  /** Every frame a decoder turns into samples, in order (at least one). */
  audioFrames: MpegFrameHeader[];
  mpegVersion: MpegVersion;
  /** Hz. */
  sampleRate: number;
  channelCount: 1 | 2;
  samplesPerFrame: 576 | 1152;
};

/**
 * Walks an MP3 frame by frame, reading only headers, and checks that it is one: leading ID3v2
 * tags, then MPEG-1/2/2.5 Layer III frames back to back, all with the same version, sample rate
 * and channel count, reaching exactly the trailing APE/ID3v1 tags or the end of the file. The
 * first frame may be a Xing/Info header (recognized as mpg123 recognizes it).
 *
 * Nothing is decoded, so this takes microseconds per file; `inspectMp3` turns the result into
 * exact lengths.
 *
 * @throws InvalidAudioError naming `name` and what is wrong: empty, another format, bytes that
 *   are not frames (with their range), a cut-off last frame, a change of format, a Xing frame
 *   count that does not match the frames.
 */
export const readMp3Frames = ({data, name}: {data: Uint8Array; name: string}): Mp3Frames => {
  const fail = (problem: string) => new InvalidAudioError(`${name} ${problem}`);
  if (data.length === 0) throw fail('is empty (0 bytes), not MP3 audio.');

  const tags: Mp3Tag[] = [];
  let streamStart = 0;
  for (;;) {
    let tag: Mp3Tag | null;
    try {
      tag = readId3v2Tag(data, streamStart);
    } catch (error) {
      if (error instanceof Id3v2Problem) throw fail(`is not an MP3: ${error.message}.`);
      throw error;
    }
    if (!tag) break;
    tags.push(tag);
    streamStart = tag.end;
  }

  const first = readMpegFrameHeader(data, streamStart);
  if (!first) {
    if (streamStart === data.length) throw fail(`is not an MP3: it holds an ID3v2 tag (bytes 0-${streamStart - 1}) and no audio frames.`);
    const other = recognizeOtherFormat(data, streamStart);
    if (other) throw fail(`is ${other}, not MP3 audio.`);
    if (isFreeFormatHeader(data, streamStart)) {
      throw fail('uses the free-format bitrate, which is not supported: re-encode it at a standard bitrate.');
    }
    if (streamStart === 0) throw fail('does not decode as MP3 audio.');
  } else if (first.layer !== 3) {
    throw fail(`is MPEG-${first.mpegVersion} Layer ${'I'.repeat(first.layer)} audio, not MP3 (MPEG Layer III).`);
  }

  const trailing = findTrailingTags(data, streamStart);
  let walk = walkFrames(data, streamStart, trailing.framesEnd, first);
  let trailingTags = trailing.tags;
  if (walk.problem?.kind === 'cut' && trailingTags.length > 0) {
    // "TAG" or "APETAGEX" near the end may be audio bytes: the frames may run to the very end.
    const withoutTags = walkFrames(data, streamStart, data.length, first);
    if (!withoutTags.problem) {
      walk = withoutTags;
      trailingTags = [];
    }
  }
  if (walk.problem) throw fail(describeWalkProblem(data, walk.problem, first));
  const frames = walk.frames;
  if (frames.length === 0 || !first) throw fail('is not an MP3: it holds tags and no audio frames.');

  const xing = readXingTag(data, frames[0]!);
  const xingFrame = xing ? frames.shift()! : null;
  if (frames.length === 0) throw fail('is not an MP3: it has a Xing/Info header frame but no audio frames.');
  if (xing?.frameCount) {
    // mpg123 and ffmpeg trust this count (it sets where gapless decoding stops), so a count that
    // disagrees with the frames means a damaged file. One frame more is tolerated: some encoders
    // count the header frame too, and decoders then simply reach the end of the data.
    if (xing.frameCount > frames.length + 1) {
      throw fail(`is cut short: its ${xing.kind === 'xing' ? 'Xing' : 'Info'} header counts ${xing.frameCount} audio frames, but only ${frames.length} are present; the download may be incomplete.`);
    }
    if (xing.frameCount < frames.length) {
      throw fail(`is not a consistent MP3: its ${xing.kind === 'xing' ? 'Xing' : 'Info'} header counts ${xing.frameCount} audio frames, but ${frames.length} follow (two files joined?).`);
    }
  }
  const last = frames[frames.length - 1]!;
  return {
    tags: [...tags, ...trailingTags],
    streamStart,
    streamEnd: last.offset + last.sizeInBytes,
    xingFrame,
    xing,
    vbri: xing ? null : readVbriTag(data, frames[0]!),
    audioFrames: frames,
    mpegVersion: first.mpegVersion,
    sampleRate: first.sampleRate,
    channelCount: first.channelCount,
    samplesPerFrame: first.samplesPerFrame as 576 | 1152,
  };
};

type WalkProblem =
  | {kind: 'junk'; at: number; end: number}
  | {kind: 'cut'; frame: MpegFrameHeader; end: number}
  | {kind: 'switch'; frame: MpegFrameHeader; end: number};

/** Frames from `start`, each one whole and like `first`, up to exactly `end`. */
const walkFrames = (
  data: Uint8Array,
  start: number,
  end: number,
  first: MpegFrameHeader | null,
): {frames: MpegFrameHeader[]; problem: WalkProblem | null} => {
  const frames: MpegFrameHeader[] = [];
  let at = start;
  while (at < end) {
    const frame = readMpegFrameHeader(data, at);
    if (!frame || !first) return {frames, problem: {kind: 'junk', at, end}};
    if (!sameStreamFormat(frame, first)) return {frames, problem: {kind: 'switch', frame, end}};
    if (at + frame.sizeInBytes > end) return {frames, problem: {kind: 'cut', frame, end}};
    frames.push(frame);
    at += frame.sizeInBytes;
  }
  return {frames, problem: null};
};

const describeWalkProblem = (data: Uint8Array, problem: WalkProblem, first: MpegFrameHeader | null): string => {
  if (problem.kind === 'cut') {
    const {frame, end} = problem;
    const where = end === data.length ? `the file ends at byte ${end - 1}` : `the audio ends at byte ${end - 1}, where a tag starts`;
    return `is cut short: its last frame needs bytes ${frame.offset}-${frame.offset + frame.sizeInBytes - 1}, but ${where}; the download may be incomplete.`;
  }
  if (problem.kind === 'switch' && chainLength(data, problem.frame.offset, problem.end, problem.frame) >= 3) {
    return `is not a consistent MP3: at byte ${problem.frame.offset} its frames change from ${describeFrameFormat(first!)} to ${describeFrameFormat(problem.frame)} (two files joined?). One MP3 keeps one format throughout.`;
  }
  const at = problem.kind === 'junk' ? problem.at : problem.frame.offset;
  const resumeAt = findResync(data, at + 1, problem.end, first);
  return `is not an MP3: bytes ${at}-${resumeAt - 1} are not MP3 frames.`;
};

/** How many whole frames like `like` follow each other from `at` (up to 3), within `end`. */
const chainLength = (data: Uint8Array, at: number, end: number, like: MpegFrameHeader): number => {
  let count = 0;
  while (count < 3 && at < end) {
    const frame = readMpegFrameHeader(data, at);
    if (!frame || !sameStreamFormat(frame, like) || at + frame.sizeInBytes > end) break;
    count++;
    at += frame.sizeInBytes;
    if (at === end) return 3; // frames that reach the end exactly count as found
  }
  return count;
};

/**
 * Where frames resume after junk (3 in a row, or a run reaching `end`), else `end`: frames like
 * `like`, or when the stream never started, frames of any one format.
 */
const findResync = (data: Uint8Array, from: number, end: number, like: MpegFrameHeader | null): number => {
  for (let at = from; at < end - 3; at++) {
    if (data[at] !== 0xff) continue;
    const reference = like ?? readMpegFrameHeader(data, at);
    if (reference && chainLength(data, at, end, reference) >= 3) return at;
  }
  return end;
};
