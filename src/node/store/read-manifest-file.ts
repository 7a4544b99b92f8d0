import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {ManifestUnreadableError} from '../../core/errors.ts';
import {formatZodError} from '../../core/format-zod-error.ts';
import {emptyManifest, MANIFEST_VERSION, manifestSchema, type Manifest} from '../../core/manifest-schema.ts';
import {MANIFEST_PATH} from '../../core/narration-paths.ts';

/** What git writes into a file it could not merge. */
const CONFLICT_MARKER = /^(<{7}|={7}|>{7})( |$)/m;

/**
 * Reads the manifest. A missing file is an empty manifest (nothing prepared yet).
 * @throws ManifestUnreadableError when the file exists but cannot be used, saying why: merge
 *   conflict markers, bad JSON, a version this one does not know, a wrong shape, a read error.
 *   Never read as empty: that would make every clip look unused or missing.
 */
export const readManifestFile = async (file: string): Promise<Manifest> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return emptyManifest();
    throw new ManifestUnreadableError(file, `cannot be read (${code ?? (error as Error).message})`, {cause: error});
  }
  const conflict = CONFLICT_MARKER.exec(text);
  if (conflict) {
    const line = text.slice(0, conflict.index).split('\n').length;
    throw new ManifestUnreadableError(file, `has merge conflict markers (line ${line})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestUnreadableError(file, `is not valid JSON (${(error as Error).message})`, {cause: error});
  }
  const version = (json as {version?: unknown} | null)?.version;
  if (typeof version === 'number' && version > MANIFEST_VERSION) {
    throw new ManifestUnreadableError(file, `was written by a newer remotion-narration (manifest version ${version}; this one reads version ${MANIFEST_VERSION})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new ManifestUnreadableError(file, `does not have the expected shape (${formatZodError({error: parsed.error, root: 'manifest'}).split('\n')[0]})`);
  }
  return parsed.data;
};

/** Reads `public/narration/manifest.json` of the project whose public folder is `publicDir` (see `readManifestFile`). */
export const readProjectManifest = ({publicDir}: {publicDir: string}): Promise<Manifest> => readManifestFile(path.join(publicDir, MANIFEST_PATH));
