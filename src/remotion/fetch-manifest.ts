import {staticFile} from 'remotion';
import {InvalidInputError} from '../core/errors.ts';
import {formatZodError} from '../core/format-zod-error.ts';
import {emptyManifest, manifestSchema, type Manifest} from '../core/manifest-schema.ts';
import {MANIFEST_PATH} from '../core/narration-paths.ts';

/**
 * Reads `public/narration/manifest.json` through Remotion's static server (works in Studio,
 * renders and bundles deployed to Lambda). No manifest yet means nothing was prepared.
 */
export const fetchManifest = async ({signal}: {signal?: AbortSignal} = {}): Promise<Manifest> => {
  // no-store: in Studio the manifest changes while the page stays open.
  const response = await fetch(staticFile(MANIFEST_PATH), {cache: 'no-store', signal});
  if (response.status === 404) {
    return emptyManifest();
  }
  if (!response.ok) {
    throw new Error(`Could not load ${MANIFEST_PATH} from public/: HTTP ${response.status}.`);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    throw new InvalidInputError(
      `public/${MANIFEST_PATH} is not valid JSON. Run \`npx remotion-narration prepare\` to rebuild it.`,
      {cause: error},
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidInputError(
      `public/${MANIFEST_PATH} does not have the expected shape:\n${formatZodError({error: parsed.error, root: 'manifest'})}\nRun \`npx remotion-narration prepare\` to rebuild it.`,
    );
  }
  return parsed.data;
};
