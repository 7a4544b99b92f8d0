import {createHash} from 'node:crypto';
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {expect} from 'vitest';
import {manifestSchema, type Manifest} from '../../src/core/manifest-schema.ts';
import {MANIFEST_PATH, NARRATION_FOLDER} from '../../src/core/narration-paths.ts';

/**
 * The cache invariants after any run, interrupted or not: the manifest parses, every entry's file
 * is there with its recorded size and hash, and no temp file or lock is left behind. After a kill
 * (`killed`), a lock and a half-written temp file are expected: the next run takes the lock over
 * and removes the temp files (checked by calling this again after it).
 */
export const expectConsistentCache = async (publicDir: string, {killed = false}: {killed?: boolean} = {}): Promise<Manifest> => {
  const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(publicDir, MANIFEST_PATH), 'utf8')));
  for (const clip of Object.values(manifest.clips)) {
    const data = await readFile(path.join(publicDir, clip.file));
    expect(data.byteLength, clip.file).toBe(clip.sizeInBytes);
    expect(createHash('sha256').update(data).digest('hex'), clip.file).toBe(clip.sha256);
  }
  const leftovers = (await readdir(path.join(publicDir, NARRATION_FOLDER))).filter(
    (file) => file.endsWith('.tmp') || file === '.prepare.lock',
  );
  if (!killed) expect(leftovers).toEqual([]);
  return manifest;
};
