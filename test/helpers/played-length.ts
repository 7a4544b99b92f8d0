import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {runRemotionFfmpeg} from './remotion-ffmpeg.ts';

/**
 * What Remotion's ffprobe reports as an MP3's `format=duration`, in seconds: the length a render
 * plays the file to (a VBR file without a Xing header is cut there: see
 * test/e2e/end-to-end.test.ts), read from a seekable file as a render reads
 * it. The product models this number (`inspectMp3().headerEstimateInSeconds`); tests that must
 * not depend on that model ask ffprobe itself.
 */
export const playedLengthInSeconds = async (mp3: Uint8Array): Promise<number> => {
  const folder = await mkdtemp(path.join(tmpdir(), 'played-length-'));
  try {
    const file = path.join(folder, 'clip.mp3');
    await writeFile(file, mp3);
    // Error level only: ffmpeg's mjpeg decoder complains about fake cover pictures.
    const output = await runRemotionFfmpeg({binary: 'ffprobe', args: ['-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', file]});
    const seconds = Number(output.toString().trim());
    if (!Number.isFinite(seconds)) throw new Error(`ffprobe gave no duration for an MP3 of ${mp3.length} bytes: "${output.toString().trim()}".`);
    return seconds;
  } finally {
    await rm(folder, {recursive: true, force: true});
  }
};
