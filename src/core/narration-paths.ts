import {isCacheKey} from './cache-key.ts';

/** Folder inside `public/` that holds the clips and the manifest (POSIX, for `staticFile`). */
export const NARRATION_FOLDER = 'narration';
/** The manifest's path inside `public/`. */
export const MANIFEST_PATH = `${NARRATION_FOLDER}/manifest.json`;

const CLIP_EXTENSION = '.mp3';

/**
 * The path inside `public/` of the clip with this cache key. The only place clip paths are made:
 * the store, the timeline and prune all use it.
 * @throws TypeError when `key` is not a cache key, so no path can leave `public/narration/`.
 */
export const clipFileForKey = (key: string): string => {
  if (!isCacheKey(key)) {
    throw new TypeError(`"${key}" is not a narration cache key.`);
  }
  return `${NARRATION_FOLDER}/${key}${CLIP_EXTENSION}`;
};

/** The cache key a file name in `public/narration/` stands for (`<key>.mp3`), or null. */
export const keyOfClipFileName = (fileName: string): string | null => {
  if (!fileName.endsWith(CLIP_EXTENSION)) return null;
  const key = fileName.slice(0, -CLIP_EXTENSION.length);
  return isCacheKey(key) ? key : null;
};
