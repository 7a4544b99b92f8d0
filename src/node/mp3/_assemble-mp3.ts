import {layer3BitratesKbps, type MpegFrameHeader} from './_mpeg-frame-header.ts';
import {buildInfoFrame, buildToc, lameCrc16} from './_write-info-frame.ts';

/**
 * A new file: `leading` bytes (tags), a Xing/Info frame describing `frames` (already-encoded
 * frames, given as byte blocks, the first of which `like` describes), then `trailing` bytes.
 * `encoderDelay`/`padding` go into the LAME extension.
 *
 * The byte count follows LAME (the Info frame and the frames after it), except that when the
 * trailing tags are larger than 1/16 of that, it also counts them: ffmpeg compares it with
 * everything from the Info frame to the end of the file and, beyond 1/16 more, ignores the
 * frame count ("invalid concatenated file") and estimates the length from the bitrate.
 */
export const assembleMp3 = ({
  data,
  like,
  leading,
  frames,
  trailing,
  encoderDelay,
  padding,
}: {
  /** The bytes `like` was read from. */
  data: Uint8Array;
  like: MpegFrameHeader;
  leading: Uint8Array;
  /** Each frame's bytes and bitrate, in order. */
  frames: readonly {bytes: Uint8Array; bitrateKbps: number}[];
  trailing: Uint8Array;
  encoderDelay: number;
  padding: number;
}): Uint8Array => {
  const bitratesKbps = layer3BitratesKbps(like.mpegVersion);
  const musicLength = frames.reduce((sum, frame) => sum + frame.bytes.length, 0);
  const music = new Uint8Array(musicLength);
  const frameOffsets: number[] = [];
  let at = 0;
  for (const frame of frames) {
    frameOffsets.push(at);
    music.set(frame.bytes, at);
    at += frame.bytes.length;
  }
  const vbr = frames.some((frame) => frame.bitrateKbps !== frames[0]!.bitrateKbps);
  const build = (infoSize: number) => {
    const streamBytes = infoSize + musicLength;
    const byteCount = trailing.length > Math.floor(streamBytes / 16) ? streamBytes + trailing.length : streamBytes;
    return buildInfoFrame({
      data,
      like,
      bitratesKbps,
      vbr,
      frameCount: frames.length,
      byteCount,
      toc: buildToc({frameOffsets: frameOffsets.map((offset) => offset + infoSize), byteCount}),
      encoderDelay,
      padding,
      musicCrc: lameCrc16(music),
    });
  };
  // The frame's size depends only on the format, so one trial build gives it.
  const info = build(build(0).length);
  const file = new Uint8Array(leading.length + info.length + musicLength + trailing.length);
  file.set(leading, 0);
  file.set(info, leading.length);
  file.set(music, leading.length + info.length);
  file.set(trailing, leading.length + info.length + musicLength);
  return file;
};
