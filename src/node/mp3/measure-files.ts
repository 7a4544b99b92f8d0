import {readFile} from 'node:fs/promises';
import {inspectMp3} from './inspect-mp3.ts';

export type FileDuration = {file: string; durationInSeconds: number} | {file: string; error: string};

/**
 * The played length of each file, in seconds, in order; a file that cannot be read or is not a
 * valid MP3 gets `error`. Lengths come from walking the frames (`inspectMp3`), not from
 * decoding: the same number a full gapless decode gives, in microseconds per file.
 */
export const measureFiles = async ({files}: {files: string[]}): Promise<FileDuration[]> =>
  Promise.all(
    files.map(async (file): Promise<FileDuration> => {
      try {
        const {durationInSeconds} = inspectMp3({data: await readFile(file), name: file});
        return {file, durationInSeconds};
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const message = code === 'ENOENT' ? `${file} does not exist.` : code === 'EISDIR' ? `${file} is a folder.` : (error as Error).message;
        return {file, error: message};
      }
    }),
  );
