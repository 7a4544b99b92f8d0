import {existsSync} from 'node:fs';
import path from 'node:path';

/**
 * The entry point as Remotion serves it, when it is a site already bundled: a folder that
 * `npx remotion bundle` made (it has an index.html) or the URL of a deployed site, as
 * `npx remotion render build/` and `npx remotion render https://...` take them. Null for a
 * source entry point (src/index.ts), which must be bundled first.
 */
export const servedBundle = (entryPoint: string): string | null => {
  if (/^https?:\/\//.test(entryPoint)) return entryPoint;
  return existsSync(path.join(entryPoint, 'index.html')) ? entryPoint : null;
};

/** The entry point resolved against the project root: a URL as it is, a path made absolute. */
export const resolveEntryPoint = (entryPoint: string, projectRoot: string): string =>
  /^https?:\/\//.test(entryPoint) ? entryPoint : path.resolve(projectRoot, entryPoint);
