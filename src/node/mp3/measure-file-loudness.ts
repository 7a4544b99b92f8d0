import {readFile} from 'node:fs/promises';
import {measureLoudness} from '../../core/loudness/measure-loudness.ts';
import {decodeAndMeasureMp3} from './measure-mp3.ts';

export type FileLoudness = {file: string; integratedLufs: number | null; truePeakDbtp: number | null} | {file: string; error: string};

/**
 * The integrated loudness (LUFS) and true peak (dBTP) of MP3 files (ITU-R BS.1770-4, as ffmpeg's
 * ebur128 reads them), one file at a time: decoding holds a whole file in memory. For a music
 * bed, to set it a number of LU under the narration (see `useNarrationDucking`). Null: silence.
 */
export const measureFilesLoudness = async ({files}: {files: string[]}): Promise<FileLoudness[]> => {
  const results: FileLoudness[] = [];
  for (const file of files) {
    try {
      const {decoded} = await decodeAndMeasureMp3({data: await readFile(file), name: file});
      const {integratedLufs, truePeakDbtp} = measureLoudness({channels: decoded.channelData.slice(0, decoded.channelCount), sampleRate: decoded.sampleRate});
      results.push({file, integratedLufs: Number.isFinite(integratedLufs) ? integratedLufs : null, truePeakDbtp: Number.isFinite(truePeakDbtp) ? truePeakDbtp : null});
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      results.push({file, error: code === 'ENOENT' ? `${file} does not exist.` : code === 'EISDIR' ? `${file} is a folder.` : (error as Error).message});
    }
  }
  return results;
};
