import {
  ffmpegDurationEstimateInSeconds,
  ffmpegOutput,
  ffmpegReading,
  mpg123Output,
  sameSamples,
} from './_decoder-output.ts';
import {readMp3Frames, type Mp3Frames, type MpegVersion} from './read-mp3-frames.ts';

/** What an MP3's frames and headers say about it, found without decoding (see `inspectMp3`). */
export type Mp3Inspection = {
  /** Hz. */
  sampleRate: number;
  channelCount: 1 | 2;
  mpegVersion: MpegVersion;
  /** Samples per channel in each frame: 1152 (MPEG-1) or 576 (MPEG-2/2.5). */
  samplesPerFrame: 576 | 1152;
  /** Frames decoded as audio (a Xing/Info frame is not one). */
  frameCount: number;
  /** 'cbr' when every audio frame has the same bitrate. */
  bitrateMode: 'cbr' | 'vbr';
  /** Samples per channel a gapless decode returns (mpg123-decoder, as `measureMp3` decodes). */
  sampleCount: number;
  /** `sampleCount / sampleRate`: exactly the length a full gapless decode gives, in seconds. */
  durationInSeconds: number;
  /**
   * The length ffprobe's `format=duration` reports, in seconds: what a Remotion render plays
   * the file up to. For a healthy file it is the length of all frames, which is longer than
   * `durationInSeconds` by the encoder delay and padding that gapless decoding removes.
   */
  headerEstimateInSeconds: number;
  /** The VBR header frame: a Xing ("Xing", VBR) or Info ("Info", CBR) tag, or a VBRI tag; null: none. */
  xing: {kind: 'xing' | 'info' | 'vbri'; frameCount: number | null; byteCount: number | null} | null;
  /** The LAME extension's encoder delay and padding, in samples (decoders add 529 to the delay and take it off the padding). */
  lame: {encoderDelay: number; padding: number} | null;
  /**
   * Whether the file must get a new header before it is stored (`repairMp3Header`): it is VBR
   * without a frame count (its estimate then depends on how far a player probes), its header
   * estimate is more than one frame off the frames' length (a render would stop early, or
   * late), or mpg123 (which measures) and ffmpeg (which plays) would decode different samples.
   */
  needsHeaderRepair: boolean;
  /** Why it needs one, in words (for logs and the manifest); null when it does not. */
  headerProblem: string | null;
};

/**
 * Validates an MP3 and gives its exact decoded length without decoding, by walking its frames
 * (`readMp3Frames`) and applying its Xing/LAME header exactly as mpg123 does.
 *
 * Why not a metadata package: header-based tools are wrong on real files (on a VBR MP3 without
 * a Xing header @remotion/media-parser said 6.79 s for 11.96 s and ffprobe 0.5 s short,
 * music-metadata was a frame short, media-parser rejected an 8 kHz MPEG-2.5 file; and they
 * report the padded length; measured on this project's fixtures, see test/fixtures/README.md).
 * Counting frames is exact: every Layer III frame decodes to 1152 or 576 samples, and gapless
 * trimming is arithmetic.
 *
 * @throws InvalidAudioError when the data is not a valid MP3 (see `readMp3Frames`).
 */
export const inspectMp3 = ({data, name}: {data: Uint8Array; name: string}): Mp3Inspection =>
  inspectMp3Frames({data, frames: readMp3Frames({data, name})});

/** `inspectMp3` for frames already read from `data`. */
export const inspectMp3Frames = ({data, frames}: {data: Uint8Array; frames: Mp3Frames}): Mp3Inspection => {
  const {sampleRate, samplesPerFrame, audioFrames} = frames;
  const measured = mpg123Output(frames);
  const reading = ffmpegReading(data, frames);
  const played = ffmpegOutput(data, frames, reading);
  const headerEstimateInSeconds = ffmpegDurationEstimateInSeconds(data, frames, reading);
  const bitrateMode = audioFrames.every((frame) => frame.bitrateKbps === audioFrames[0]!.bitrateKbps) ? 'cbr' : 'vbr';
  const sampleCount = measured[1] - measured[0];
  const seconds = (samples: number) => samples / sampleRate;
  // All the frames ffmpeg decodes, before gapless trimming: what a correct header estimates.
  const framesInSeconds = seconds(((frames.xingFrame ? 1 : 0) + audioFrames.length - (reading.skipsFirstFrame ? 1 : 0)) * samplesPerFrame);
  const frameInSeconds = seconds(samplesPerFrame);

  let headerProblem: string | null = null;
  if (!sameSamples(measured, played)) {
    const describe = ([start, end]: readonly [number, number]) => `${start}-${end}`;
    headerProblem =
      `its header is read differently by mpg123, which measures it (samples ${describe(measured)} of its frames), ` +
      `and by ffmpeg, which plays it in Chrome and Remotion (samples ${played.map(describe).join(', ') || 'none'})` +
      (frames.vbri ? ': ffmpeg skips its VBRI frame, mpg123 decodes it' : '');
  } else if (!(reading.skipsFirstFrame && reading.frameCount) && bitrateMode === 'vbr') {
    headerProblem =
      `it is VBR without a frame count in a Xing/Info header, so players estimate its length from the bitrate ` +
      `of the first frames they read (ffprobe: ${headerEstimateInSeconds.toFixed(3)} s; its frames hold ${framesInSeconds.toFixed(3)} s)`;
  } else if (Math.abs(headerEstimateInSeconds - framesInSeconds) > frameInSeconds + 1e-9) {
    headerProblem = `ffprobe and Remotion would take it for ${headerEstimateInSeconds.toFixed(3)} s long, but its frames hold ${framesInSeconds.toFixed(3)} s`;
  }

  const header = frames.xing ?? frames.vbri;
  return {
    sampleRate,
    channelCount: frames.channelCount,
    mpegVersion: frames.mpegVersion,
    samplesPerFrame,
    frameCount: audioFrames.length,
    bitrateMode,
    sampleCount,
    durationInSeconds: seconds(sampleCount),
    headerEstimateInSeconds,
    xing: header ? {kind: header.kind, frameCount: header.frameCount, byteCount: header.byteCount} : null,
    lame: frames.xing?.lame ? {encoderDelay: frames.xing.lame.encoderDelay, padding: frames.xing.lame.padding} : null,
    needsHeaderRepair: headerProblem !== null,
    headerProblem,
  };
};
