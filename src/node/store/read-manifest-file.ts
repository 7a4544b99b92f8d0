import {readFile} from 'node:fs/promises';
import {formatZodError} from '../../core/format-zod-error.ts';
import {emptyManifest, manifestSchema, type Manifest} from '../../core/manifest-schema.ts';

export type ManifestProblem = {file: string; problem: string};

/**
 * Reads the manifest; a missing file is an empty manifest. A damaged one (bad JSON, wrong shape)
 * is reported through `onProblem` and treated as empty: its clips are regenerated, never
 * trusted.
 */
export const readManifestFile = async (
  file: string,
  onProblem?: (problem: ManifestProblem) => void,
): Promise<Manifest> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return emptyManifest();
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    onProblem?.({file, problem: 'is not valid JSON'});
    return emptyManifest();
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    onProblem?.({file, problem: `does not have the expected shape (${formatZodError({error: parsed.error, root: 'manifest'}).split('\n')[0]})`});
    return emptyManifest();
  }
  return parsed.data;
};
