import {readFile} from 'node:fs/promises';
import {fileErrorMessage} from './measure-files.ts';
import {decodeAndMeasureMp3, loudnessOfDecoded} from './measure-mp3.ts';

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
      results.push({file, ...loudnessOfDecoded(decoded)});
    } catch (error) {
      results.push({file, error: fileErrorMessage(file, error)});
    }
  }
  return results;
};
