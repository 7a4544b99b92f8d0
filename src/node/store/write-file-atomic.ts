import {randomBytes} from 'node:crypto';
import {mkdir, rename, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that readers see either the old or the whole new content, never a part:
 * write a temp file in the same folder, then rename over the target (atomic on POSIX).
 */
export const writeFileAtomic = async (file: string, data: string | Uint8Array): Promise<void> => {
  await mkdir(path.dirname(file), {recursive: true});
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, {force: true});
    throw error;
  }
};
