import {readFile} from 'node:fs/promises';
import {measureMp3} from './measure-mp3.ts';

export type FileDuration = {file: string; durationInSeconds: number} | {file: string; error: string};

/** The played length of each file, in order; a file that cannot be read or decoded gets `error`. */
export const measureFiles = async ({files}: {files: string[]}): Promise<FileDuration[]> =>
  Promise.all(
    files.map(async (file): Promise<FileDuration> => {
      try {
        const audio = await measureMp3({data: await readFile(file), name: file});
        return {file, durationInSeconds: audio.durationInSeconds};
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const message = code === 'ENOENT' ? `${file} does not exist.` : code === 'EISDIR' ? `${file} is a folder.` : (error as Error).message;
        return {file, error: message};
      }
    }),
  );
