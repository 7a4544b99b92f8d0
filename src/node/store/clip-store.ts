import {createHash} from 'node:crypto';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {InvalidInputError} from '../../core/errors.ts';
import {emptyManifest, type ClipAudio, type Manifest, type ManifestClip} from '../../core/manifest-schema.ts';
import {clipFileForKey, MANIFEST_PATH} from '../../core/narration-paths.ts';
import type {ClipRequest} from '../../core/clip-request.ts';
import {measureMp3} from '../mp3/measure-mp3.ts';
import {readManifestFile, type ManifestProblem} from './read-manifest-file.ts';
import {writeFileAtomic} from './write-file-atomic.ts';

export type {ManifestProblem};

export type ClipStore = {
  /** Absolute path of `public/`. */
  readonly publicDir: string;
  readonly manifestFile: string;
  /**
   * The stored clip for `request`, checked against its file (size and SHA-256) and its inputs.
   * A file with no manifest entry is measured and adopted rather than paid for again.
   */
  find(input: {manifest: Manifest; key: string; request: ClipRequest; adopt?: boolean}): Promise<ManifestClip | null>;
  /** Stores a measured clip: the mp3 first, then its manifest entry, each written atomically. */
  save(input: {key: string; request: ClipRequest; mp3: Uint8Array; audio: ClipAudio}): Promise<ManifestClip>;
  /** Records the provider these compositions are prepared with: `calculateMetadata` looks their clips up under it. */
  setProvider(input: {compositionIds: readonly string[]; provider: string}): Promise<void>;
  readManifest(): Promise<Manifest>;
  /** Writes an empty manifest if there is none (never replaces one). */
  ensureManifest(): Promise<void>;
  /** Removes clips: their manifest entries first, then their files. */
  remove(keys: readonly string[]): Promise<void>;
  /** Notes that the service refused this clip's text, with its reason. */
  recordModeration(key: string, reason: string): Promise<void>;
};

/** SHA-256 of bytes, as 64 hex digits: what the manifest records to detect a damaged clip. */
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

  const find: ClipStore['find'] = async ({manifest, key, request, adopt = true}) => {
    const file = clipFileForKey(key);
    let data: Buffer;
    try {
      data = await readFile(path.join(publicDir, file));
    } catch {
      return null;
    }
    const clip = manifest.clips[key];
    if (clip) {
      const intact = clip.sizeInBytes === data.byteLength && clip.sha256 === sha256Hex(data);
      if (!intact) return null; // damaged or replaced: generate it again
      if (clip.file === file && sameInputs(clip, request)) return clip;
    }
    // A whole file with no usable entry: a run stopped between writing the clip and its entry,
    // or the manifest was lost or edited. Files are named by key and written atomically, so
    // measure and keep it rather than pay for it again.
    if (!adopt) return null;
    try {
      const audio = await measureMp3({data, name: file});
      return await record({key, request, data, audio});
    } catch {
      return null;
    }
  };

  const record = async ({key, request, data, audio}: {key: string; request: ClipRequest; data: Uint8Array; audio: ClipAudio}) => {
    const clip: ManifestClip = {
      key,
      file: clipFileForKey(key),
      provider: request.provider,
      speakerId: request.speakerId,
      text: request.text,
      speed: request.speed,
      emotion: request.emotion,
      sizeInBytes: data.byteLength,
      sha256: sha256Hex(data),
      audio,
      createdAt: new Date().toISOString(),
    };
    await updateManifest((manifest) => {
      manifest.clips[key] = clip;
      delete manifest.moderated[key];
    });
    return clip;
  };

  const save: ClipStore['save'] = async ({key, request, mp3, audio}) => {
    // The clip first, then its entry: an entry never points at a missing file.
    await writeFileAtomic(path.join(publicDir, clipFileForKey(key)), mp3);
    return record({key, request, data: mp3, audio});
  };

  const setProvider: ClipStore['setProvider'] = async ({compositionIds, provider}) => {
    const current = await readManifest();
    if (compositionIds.every((id) => current.compositions[id]?.provider === provider)) {
      return; // nothing to write: a warm run leaves the manifest untouched
    }
    await updateManifest((manifest) => {
      for (const id of compositionIds) manifest.compositions[id] = {provider};
    });
  };

  const ensureManifest = async () => {
    try {
      await mkdir(path.dirname(manifestFile), {recursive: true});
      await writeFile(manifestFile, `${JSON.stringify(emptyManifest(), null, 2)}\n`, {flag: 'wx'});
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      throw new InvalidInputError(
        `Cannot write the narration cache to ${path.dirname(manifestFile)} (${code ?? (error as Error).message}). Make ${publicDir} a writable folder, or set Config.setPublicDir() in remotion.config.ts.`,
        {cause: error},
      );
    }
  };

  const remove = async (keys: readonly string[]) => {
    await updateManifest((manifest) => {
      for (const key of keys) {
        delete manifest.clips[key];
        delete manifest.moderated[key];
      }
    });
    await Promise.all(keys.map((key) => rm(path.join(publicDir, clipFileForKey(key)), {force: true})));
  };

  const recordModeration = (key: string, reason: string) =>
    updateManifest((manifest) => {
      manifest.moderated[key] = {reason, at: new Date().toISOString()};
    });

  return {publicDir, manifestFile, find, save, setProvider, readManifest, ensureManifest, remove, recordModeration};
};

/** Whether a manifest entry was made for this request (catches entries edited by hand). */
const sameInputs = (clip: ManifestClip, request: ClipRequest): boolean =>
  clip.provider === request.provider &&
  clip.speakerId === request.speakerId &&
  clip.text === request.text &&
  clip.speed === request.speed &&
  clip.emotion === request.emotion;
