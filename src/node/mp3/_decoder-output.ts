import {id3v2HasPicture} from './_mp3-tags.ts';
import {readFfmpegHeader, type FfmpegHeaderReading} from './_vbr-headers.ts';
import type {Mp3Frames} from './read-mp3-frames.ts';

/**
 * The decoder delay that gapless decoders add to the LAME tag's encoder delay (and take off its
 * padding): mpg123's GAPLESS_DELAY, ffmpeg's "528 + 1".
 */
export const DECODER_DELAY_SAMPLES = 529;

/**
 * Samples a decoder outputs, as [start, end) ranges over the whole stream: every frame, the
 * Xing/Info frame included, counted as `samplesPerFrame` samples each.
 */
export type SampleRanges = readonly (readonly [number, number])[];

/**
 * What mpg123 (and so `mpg123-decoder`, gapless on) outputs. It skips the Xing/Info frame. When
 * that tag has a frame count, it skips `encoderDelay + 529` samples at the start (just 529
 * without a LAME extension: "all or nothing") and stops at `frameCount × spf − padding + 529`;
 * without a frame count it trims nothing, LAME extension or not.
 */
export const mpg123Output = (frames: Mp3Frames): readonly [number, number] => {
  const spf = frames.samplesPerFrame;
  const offset = frames.xingFrame ? spf : 0;
  const raw = frames.audioFrames.length * spf;
  let start = 0;
  let end = raw;
  const tag = frames.xing;
  if (tag?.frameCount) {
    start = Math.min(raw, (tag.lame?.encoderDelay ?? 0) + DECODER_DELAY_SAMPLES);
    end = Math.min(raw, tag.frameCount * spf - (tag.lame?.padding ?? 0) + DECODER_DELAY_SAMPLES);
  }
  return [offset + start, offset + Math.max(start, end)];
};

/** How ffmpeg reads the first frame of this stream (see `readFfmpegHeader`). */
export const ffmpegReading = (data: Uint8Array, frames: Mp3Frames): FfmpegHeaderReading =>
  readFfmpegHeader(data, frames.xingFrame ?? frames.audioFrames[0]!);

/**
 * What ffmpeg (ffmpeg's mp3 demuxer and decoder: Chrome, Remotion's compositor) outputs. It
 * skips a frame it takes for a header, drops `startSkipInSamples` at the start and, when it
 * trusts a frame count, the samples from `firstDiscardSample` to `frameCount × spf` (anything
 * after that is played again).
 */
export const ffmpegOutput = (data: Uint8Array, frames: Mp3Frames, reading = ffmpegReading(data, frames)): SampleRanges => {
  const spf = frames.samplesPerFrame;
  const offset = reading.skipsFirstFrame ? spf : 0;
  const raw = ((frames.xingFrame ? 1 : 0) + frames.audioFrames.length) * spf - offset;
  const start = Math.min(raw, reading.startSkipInSamples);
  const ranges: [number, number][] = [];
  if (reading.firstDiscardSample === null) {
    ranges.push([start, raw]);
  } else {
    const lastDiscardSample = reading.frameCount * spf;
    ranges.push([start, Math.max(start, Math.min(raw, reading.firstDiscardSample))]);
    if (raw > lastDiscardSample) ranges.push([Math.max(start, lastDiscardSample), raw]);
  }
  return ranges.filter(([from, to]) => to > from).map(([from, to]) => [offset + from, offset + to] as const);
};

/**
 * What ffprobe reports as `format=duration`, and what a Remotion render plays an audio file
 * up to, in seconds, as ffmpeg 7.1 (the one Remotion 4.0.529 ships) computes it:
 * - frames × spf ÷ rate when a Xing/Info/VBRI header gives a frame count it trusts;
 * - otherwise (file size − leading ID3v2 tags − a header frame it skips) × 8 ÷ bitrate, where
 *   the bitrate is the running average (in integer bits/s) that its MPEG audio parser keeps
 *   over every frame header it sees while probing: the demuxer reads 1024-byte packets and
 *   probing stops after 50 frames (max_ts_probe), so the headers counted are those inside the
 *   packets up to the one where the 50th frame ends; behind an ID3v2 cover picture (which ffmpeg
 *   makes a stream of its own) it probes about 5 s of audio instead (max_analyze_duration).
 * Checked against ffprobe on every file of the test corpus, to the microsecond.
 */
export const ffmpegDurationEstimateInSeconds = (data: Uint8Array, frames: Mp3Frames, reading = ffmpegReading(data, frames)): number => {
  if (reading.skipsFirstFrame && reading.frameCount) return (reading.frameCount * frames.samplesPerFrame) / frames.sampleRate;
  const parsed = [...(frames.xingFrame ? [frames.xingFrame] : []), ...frames.audioFrames].slice(reading.skipsFirstFrame ? 1 : 0);
  if (parsed.length === 0) return 0;
  const readFrom = parsed[0]!.offset;
  // Behind a cover picture, ffmpeg has a picture stream too and probes the audio for about
  // max_analyze_duration instead of 50 frames.
  const probedFrames = frames.tags.some((tag) => id3v2HasPicture(data, tag))
    ? Math.ceil((FFMPEG_MAX_ANALYZE_DURATION_IN_SECONDS * frames.sampleRate) / frames.samplesPerFrame) + 1
    : FFMPEG_PROBED_FRAMES;
  const probed = parsed[Math.min(probedFrames, parsed.length) - 1]!;
  const readTo = readFrom + Math.ceil((probed.offset + probed.sizeInBytes - readFrom) / FFMPEG_PACKET_SIZE) * FFMPEG_PACKET_SIZE;
  let bitrate = 0;
  let count = 0;
  for (const frame of parsed) {
    if (frame.offset + 4 > readTo) break;
    count++;
    bitrate += Math.trunc((frame.bitrateKbps * 1000 - bitrate) / count); // mpegaudio_parser.c
  }
  // ffmpeg counts the bytes from where it starts reading audio (after a header frame it skips).
  return ((data.length - readFrom) * 8) / bitrate;
};

/** Frames ffmpeg reads while probing a stream without timestamps (AVFormatContext.max_ts_probe). */
const FFMPEG_PROBED_FRAMES = 50;
/** How much audio ffmpeg probes when a file has more than one stream (AVFormatContext.max_analyze_duration). */
const FFMPEG_MAX_ANALYZE_DURATION_IN_SECONDS = 5;
/** Bytes per packet of ffmpeg's mp3 demuxer (MP3_PACKET_SIZE). */
const FFMPEG_PACKET_SIZE = 1024;

/** Whether two decoders' outputs are the same samples. */
export const sameSamples = (a: readonly [number, number], b: SampleRanges): boolean =>
  a[1] - a[0] === 0 ? b.length === 0 : b.length === 1 && b[0]![0] === a[0] && b[0]![1] === a[1];
