import {assembleMp3} from './_assemble-mp3.ts';
import {DECODER_DELAY_SAMPLES, ffmpegOutput, ffmpegReading, mpg123Output} from './_decoder-output.ts';
import {layer3BitratesKbps} from './_mpeg-frame-header.ts';
import {reEncodeMp3} from './_re-encode-mp3.ts';
import {buildSilentFrame} from './_write-info-frame.ts';
import {decodeMp3} from './decode-mp3.ts';
import {inspectMp3Frames, type Mp3Inspection} from './inspect-mp3.ts';
import {readMp3Frames, type Mp3Frames} from './read-mp3-frames.ts';

/**
 * What `repairMp3Header` did:
 * - `none`: the file was fine and is returned as it was;
 * - `xing-header-added`: a Xing/Info frame with exact frame count, bytes and LAME delay/padding
 *   now comes first (replacing a VBRI or unusable Xing frame), followed by one silent frame
 *   that the LAME delay removes again; the audio frames are untouched;
 * - `xing-header-rewritten`: the existing LAME delay and padding were kept, and the frame count
 *   and bytes written anew; the audio frames are untouched;
 * - `re-encoded`: the audio could not be kept bit for bit under a new header, so it was decoded
 *   and encoded again (lamejs, CBR) with an exact header; lossy, but sample-aligned.
 */
export type Mp3HeaderRepair = 'none' | 'xing-header-added' | 'xing-header-rewritten' | 're-encoded';

export type RepairedMp3 = {
  /** The file to store: `data` itself when `repair` is 'none'. */
  data: Uint8Array;
  repair: Mp3HeaderRepair;
  /** What was wrong (`Mp3Inspection.headerProblem` of the input), null when nothing was. */
  problem: string | null;
  /** The returned file, inspected. */
  inspection: Mp3Inspection;
};

/**
 * Gives an MP3 a header that every player reads the same way, so that a Remotion render plays
 * it to the end and `measureMp3` measures the samples Chrome plays.
 *
 * A render stops an audio file at the length ffmpeg estimates from its header (ffprobe's
 * `format=duration`): a VBR file without a Xing/Info frame count (what an encoder writing to a
 * pipe produces) is estimated from its first frames' bitrate and cut. The fix is a Xing/Info
 * frame counting the frames, but it must not change the decoded samples, and a frame count
 * alone would: mpg123 applies gapless trimming whenever a Xing frame count is present (529
 * samples at the start when there is no LAME extension, `delay + 529` with one) while ffmpeg
 * trims only with a LAME/Lavf/Lavc extension, and neither trims less than 529 samples. So
 * when nothing may be trimmed, the new header is followed by one frame of digital silence and
 * its LAME extension says delay = samplesPerFrame − 529, padding = 529: both decoders remove
 * exactly that frame and nothing at the end. The samples ffmpeg (Chrome, Remotion) decoded
 * before stay bit for bit the same; mpg123 returns the same samples and length, with at most
 * float rounding differences (~1e-7: its synthesis filter's ring buffer starts one frame
 * later). The header estimate is then the frames' length, one frame more than the decoded
 * length, as a LAME file's is longer by its delay and padding.
 *
 * Which samples are kept (see `targetSamples`): when the file has a LAME delay and padding
 * that mpg123 applies, they are kept (known gapless information; no frame is added) and the
 * rest of the header is written anew. Otherwise the file keeps what ffmpeg plays today: where
 * mpg123 read the old header differently (a Xing frame count without LAME extension, from
 * which it trims 529 samples; a VBRI frame, which it decodes as audio) its output changes to
 * match.
 *
 * Every header-only repair is checked by decoding before and after (mpg123); one that does not
 * match (for instance a stream cut mid-way, whose first frame borrows bytes from frames that
 * are gone) is replaced by a re-encode. Repairing a repaired file returns it unchanged ('none').
 *
 * @throws InvalidAudioError when `data` is not a valid MP3 (see `readMp3Frames`).
 */
export const repairMp3Header = async ({data, name}: {data: Uint8Array; name: string}): Promise<RepairedMp3> => {
  const frames = readMp3Frames({data, name});
  const before = inspectMp3Frames({data, frames});
  if (!before.needsHeaderRepair) return {data, repair: 'none', problem: null, inspection: before};
  const problem = before.headerProblem;

  const target = targetSamples(data, frames);
  // What mpg123 decodes without trimming, indexed like `target` (mpg123 always skips a Xing
  // frame; a header frame ffmpeg decodes as audio is silence): the reference for both checks.
  const raw = await decodeMp3({data, frames, name, gapless: false});
  const rawOffset = frames.xingFrame ? frames.samplesPerFrame : 0;
  const expected = raw.channelData.map((channel) => {
    const samples = new Float32Array(target.end - target.start);
    const from = target.start - rawOffset;
    samples.set(channel.subarray(Math.max(0, from), target.end - rawOffset), Math.max(0, -from));
    return samples;
  });

  const headerOnly = rebuildHeader(data, frames, target);
  if (headerOnly && (await decodesTo({data: headerOnly.data, expected, name}))) {
    return {data: headerOnly.data, repair: headerOnly.repair, problem, inspection: checkedInspection(headerOnly.data, name, expected)};
  }
  const reEncoded = reEncodeMp3({
    channelData: expected,
    sampleRate: frames.sampleRate,
    channelCount: frames.channelCount,
    leading: data.subarray(0, frames.streamStart),
    trailing: data.subarray(frames.streamEnd),
  });
  return {data: reEncoded, repair: 're-encoded', problem, inspection: checkedInspection(reEncoded, name, expected)};
};

/**
 * The samples the repaired file must decode to, as [start, end) over all frames of the stream
 * (a header frame included), and whether the first frame is a header frame to drop:
 * - with a LAME delay and padding that mpg123 applies, the samples they describe (the
 *   encoder's gapless intent; ffmpeg honours the same unless its quirks get in the way);
 * - otherwise what ffmpeg (Chrome, Remotion) plays today: every audio frame, untrimmed.
 */
type Target = {start: number; end: number; headerFrames: 0 | 1};

const targetSamples = (data: Uint8Array, frames: Mp3Frames): Target => {
  if (frames.xing?.frameCount && frames.xing.lame) {
    const [start, end] = mpg123Output(frames);
    return {start, end, headerFrames: 1};
  }
  const reading = ffmpegReading(data, frames);
  const ranges = ffmpegOutput(data, frames, reading);
  // readMp3Frames refuses frame counts smaller than the frames, the only way ffmpeg's output
  // is not one run of samples.
  const headerFrames = reading.skipsFirstFrame ? 1 : 0;
  const start = ranges[0]?.[0] ?? headerFrames * frames.samplesPerFrame;
  return {start, end: ranges[ranges.length - 1]?.[1] ?? start, headerFrames};
};

/**
 * A new header for the audio frames ffmpeg decodes that makes both decoders return exactly
 * `target`, or null if a LAME tag cannot express it.
 */
const rebuildHeader = (data: Uint8Array, frames: Mp3Frames, target: Target): {data: Uint8Array; repair: Mp3HeaderRepair} | null => {
  const spf = frames.samplesPerFrame;
  const kept = [...(frames.xingFrame ? [frames.xingFrame] : []), ...frames.audioFrames].slice(target.headerFrames);
  const start = target.start - target.headerFrames * spf;
  const end = target.end - target.headerFrames * spf;
  const like = frames.audioFrames[0]!;
  const bitrates = layer3BitratesKbps(like.mpegVersion);
  const addSilence = start === 0;
  const blocks = [
    ...(addSilence ? [{bytes: buildSilentFrame(data, like, bitrates), bitrateKbps: bitrates[1]!}] : []),
    ...kept.map((frame) => ({bytes: data.subarray(frame.offset, frame.offset + frame.sizeInBytes), bitrateKbps: frame.bitrateKbps})),
  ];
  // Gapless decoders skip delay + 529 samples and stop at frames × spf − padding + 529.
  const encoderDelay = addSilence ? spf - DECODER_DELAY_SAMPLES : start - DECODER_DELAY_SAMPLES;
  const padding = kept.length * spf - end + DECODER_DELAY_SAMPLES;
  if (encoderDelay < 0 || encoderDelay > 0xfff || padding < 0 || padding > 0xfff) return null;
  return {
    data: assembleMp3({
      data,
      like,
      leading: data.subarray(0, frames.streamStart),
      frames: blocks,
      trailing: data.subarray(frames.streamEnd),
      encoderDelay,
      padding,
    }),
    repair: addSilence ? 'xing-header-added' : 'xing-header-rewritten',
  };
};

/**
 * Largest difference between a sample before and after a header-only repair that still counts
 * as the same sample: mpg123's float synthesis rounds differently by about 1e-7 when decoding
 * starts a frame earlier; anything real (a frame decoded from other bytes) is far larger.
 */
const SAME_SAMPLE_TOLERANCE = 2 ** -20;

/** Whether `data` decodes (mpg123, gapless) to `expected`, up to float rounding. */
const decodesTo = async ({data, expected, name}: {data: Uint8Array; expected: Float32Array[]; name: string}): Promise<boolean> => {
  const decoded = await decodeMp3({data, frames: readMp3Frames({data, name}), name});
  if (decoded.samplesDecoded !== expected[0]!.length) return false;
  return expected.every((samples, channel) => {
    const actual = decoded.channelData[channel]!;
    for (let i = 0; i < samples.length; i++) {
      if (Math.abs(actual[i]! - samples[i]!) > SAME_SAMPLE_TOLERANCE) return false;
    }
    return true;
  });
};

/** Inspects a repaired file and checks that it needs no further repair and holds as many samples as `expected`. */
const checkedInspection = (data: Uint8Array, name: string, expected: Float32Array[]): Mp3Inspection => {
  const inspection = inspectMp3Frames({data, frames: readMp3Frames({data, name})});
  if (inspection.needsHeaderRepair || inspection.sampleCount !== expected[0]!.length) {
    throw new Error(
      `Repairing the header of ${name} went wrong: ${inspection.sampleCount} samples instead of ${expected[0]!.length}` +
        `${inspection.headerProblem ? `, and ${inspection.headerProblem}` : ''}. This is a bug in remotion-narration.`,
    );
  }
  return inspection;
};
