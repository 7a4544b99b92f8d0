import {createHash} from 'node:crypto';
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {formatZodError} from '../format-zod-error.ts';
import {emptyManifest, manifestSchema, type ClipAudio, type Manifest, type ManifestClip} from '../manifest-schema.ts';
import {clipFileForKey, MANIFEST_PATH} from '../narration-paths.ts';
import type {ClipRequest} from '../clip-request.ts';
import {writeFileAtomic} from './write-file-atomic.ts';

export type ClipStore = {
  /** Absolute path of `public/`. */
  readonly publicDir: string;
  readonly manifestFile: string;
  /** The clip of `key` in `manifest`, if its file is present with the recorded size. */
  find(manifest: Manifest, key: string): Promise<ManifestClip | null>;
  /** Stores a measured clip: the mp3 first, then its manifest entry, each written atomically. */
  save(input: {key: string; request: ClipRequest; mp3: Uint8Array; audio: ClipAudio}): Promise<ManifestClip>;
  /** Records the provider of this run: `calculateMetadata` looks clips up under it. */
  setProvider(provider: string): Promise<void>;
  readManifest(): Promise<Manifest>;
};

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

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The audio cache in `public/narration/`: mp3s named by cache key, and `manifest.json`. */
export const openClipStore = ({
  publicDir,
  onProblem,
}: {
  publicDir: string;
  onProblem?: (problem: ManifestProblem) => void;
}): ClipStore => {
  const manifestFile = path.join(publicDir, MANIFEST_PATH);
  const readManifest = () => readManifestFile(manifestFile, onProblem);

  // Manifest updates of this process go one after another; each re-reads the file so that
  // entries written meanwhile by another prepare are kept.
  let updates: Promise<unknown> = Promise.resolve();
  const updateManifest = (change: (manifest: Manifest) => void): Promise<void> => {
    const next = updates.then(async () => {
      const manifest = await readManifest();
      change(manifest);
      await writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    });
    updates = next.catch(() => undefined);
    return next;
  };

  const find = async (manifest: Manifest, key: string): Promise<ManifestClip | null> => {
    const clip = manifest.clips[key];
    if (!clip || clip.file !== clipFileForKey(key)) {
      return null;
    }
    try {
      const info = await stat(path.join(publicDir, clip.file));
      return info.size === clip.sizeInBytes ? clip : null;
    } catch {
      return null;
    }
  };

  const save: ClipStore['save'] = async ({key, request, mp3, audio}) => {
    const file = clipFileForKey(key);
    await writeFileAtomic(path.join(publicDir, file), mp3);
    const clip: ManifestClip = {
      key,
      file,
      provider: request.provider,
      speakerId: request.speakerId,
      text: request.text,
      speed: request.speed,
      emotion: request.emotion,
      sizeInBytes: mp3.byteLength,
      sha256: sha256Hex(mp3),
      audio,
      createdAt: new Date().toISOString(),
    };
    await updateManifest((manifest) => {
      manifest.clips[key] = clip;
    });
    return clip;
  };

  const setProvider = async (provider: string) => {
    if ((await readManifest()).provider === provider) {
      return; // nothing to write: a warm run leaves the manifest untouched
    }
    await updateManifest((manifest) => {
      manifest.provider = provider;
    });
  };

  return {publicDir, manifestFile, find, save, setProvider, readManifest};
};
