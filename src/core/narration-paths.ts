/** Folder inside `public/` that holds the clips and the manifest (POSIX, for `staticFile`). */
export const NARRATION_FOLDER = 'narration';
/** The manifest's path inside `public/`. */
export const MANIFEST_PATH = `${NARRATION_FOLDER}/manifest.json`;

/** The path inside `public/` of the clip with this cache key. */
export const clipFileForKey = (key: string): string => `${NARRATION_FOLDER}/${key}.mp3`;
