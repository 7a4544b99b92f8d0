import {readFile} from 'node:fs/promises';
import {inspectMp3} from './inspect-mp3.ts';

export type FileDuration = {file: string; durationInSeconds: number} | {file: string; error: string};

/**
 * Most files read at once. macOS allows 256 open files per process by default (and the Studio,
 * Chromium's pipes and the bundler hold some): a folder of 600 clips read all at once failed
 * with EMFILE. Reading more at once is no faster: the frame walk is synchronous anyway.
 */
const FILES_AT_ONCE = 16;

/**
 * The played length of each file, in seconds, in order; a file that cannot be read or is not a
 * valid MP3 gets `error`. Lengths come from walking the frames (`inspectMp3`), not from
 * decoding: the same number a full gapless decode gives, in microseconds per file. At most 16
 * files are open at once, however many are given.
 */
export const measureFiles = async ({files}: {files: string[]}): Promise<FileDuration[]> => {
  const results: FileDuration[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      results[index] = await measureFile(files[index]!);
    }
  };
  await Promise.all(Array.from({length: Math.min(FILES_AT_ONCE, files.length)}, worker));
  return results;
};

const measureFile = async (file: string): Promise<FileDuration> => {
  try {
    const {durationInSeconds} = inspectMp3({data: await readFile(file), name: file});
    return {file, durationInSeconds};
  } catch (error) {
    return {file, error: fileErrorMessage(file, error)};
  }
};

/** Why a file given on the command line could not be measured, as a sentence. */
export const fileErrorMessage = (file: string, error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? `${file} does not exist.` : code === 'EISDIR' ? `${file} is a folder.` : (error as Error).message;
};
