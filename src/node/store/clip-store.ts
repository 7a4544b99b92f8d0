import {createHash} from 'node:crypto';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {InvalidInputError} from '../../core/errors.ts';
import {emptyManifest, type ClipAudio, type Manifest, type ManifestClip} from '../../core/manifest-schema.ts';
import {clipFileForKey, MANIFEST_PATH} from '../../core/narration-paths.ts';
import type {ClipLimits} from '../../core/clip-limits.ts';
import type {ClipRequest} from '../../core/clip-request.ts';
import {measureWordTiming, SPREAD_WORD_TIMING_ID, WORD_ALIGNER_ID} from '../align/measure-word-timing.ts';
import {inspectMp3} from '../mp3/inspect-mp3.ts';
import {DRAFT_VOICE_WORD_TIMING_ID} from '../providers/draft-voice/create-draft-voice-provider.ts';
import {measureMp3} from '../mp3/measure-mp3.ts';
import {repairMp3Header, type Mp3HeaderRepair} from '../mp3/repair-mp3-header.ts';
import {readManifestFile, type ManifestProblem} from './read-manifest-file.ts';
import {writeFileAtomic} from './write-file-atomic.ts';

export type {ManifestProblem};

export type ClipRepair = {key: string; file: string; what: Mp3HeaderRepair; problem: string | null};

export type ClipStore = {
  /** Absolute path of `public/`. */
  readonly publicDir: string;
  readonly manifestFile: string;
  /**
   * The stored clip for `request`, checked against its file (size and SHA-256) and its inputs.
   * With `adopt` (default), a file with no manifest entry is measured and adopted rather than
   * paid for again, and a cached file whose header players would misread is repaired; without
   * it nothing is written.
   */
  find(input: {manifest: Manifest; key: string; request: ClipRequest; adopt?: boolean}): Promise<ManifestClip | null>;
  /**
   * Stores a measured clip: the mp3 first (its header repaired when players would cut it short),
   * then its manifest entry, each written atomically. `joinedBecause`: the clip was spoken as
   * two halves, and why.
   */
  save(input: {
    key: string;
    request: ClipRequest;
    mp3: Uint8Array;
    audio: ClipAudio;
    joinedBecause?: string;
    /** Word times the provider knows for exactly these bytes (the draft voice does). */
    wordTiming?: ManifestClip['wordTiming'];
  }): Promise<ManifestClip>;
  /** Records the provider these compositions are prepared with: `calculateMetadata` looks their clips up under it. */
  setProvider(input: {compositionIds: readonly string[]; provider: string; limits: ClipLimits}): Promise<void>;
  readManifest(): Promise<Manifest>;
  /** Writes an empty manifest if there is none (never replaces one). */
  ensureManifest(): Promise<void>;
  /** Removes clips: their manifest entries first, then their files. */
  remove(keys: readonly string[]): Promise<void>;
  /** Notes that the service refused this clip's text, with its reason. */
  recordModeration(key: string, reason: string): Promise<void>;
};

/**
 * Word times made by the current aligner (or its fallback, or a voice that knows its own) are
 * kept; any other (an older aligner, none at all) are measured again, with no request.
 */
const isCurrentWordTiming = (by: string): boolean =>
  by === WORD_ALIGNER_ID || by === SPREAD_WORD_TIMING_ID || by === DRAFT_VOICE_WORD_TIMING_ID;

/** SHA-256 of bytes, as 64 hex digits: what the manifest records to detect a damaged clip. */
export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The audio cache in `public/narration/`: mp3s named by cache key, and `manifest.json`. */
export const openClipStore = ({
  publicDir,
  onProblem,
  onRepair,
}: {
  publicDir: string;
  onProblem?: (problem: ManifestProblem) => void;
  /** A clip's header was repaired (see repairMp3Header), as it was stored or found in the cache. */
  onRepair?: (repair: ClipRepair) => void;
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
      if (clip.file === file && sameInputs(clip, request)) {
        // The file is the one recorded; a walk over its frames (no decoding) tells whether players
        // would cut it short, as in caches written before headers were repaired.
        let inspection;
        try {
          inspection = inspectMp3({data, name: file});
        } catch {
          return null; // not MP3 after all: generate it again
        }
        const timingIsCurrent = clip.wordTiming !== undefined && isCurrentWordTiming(clip.wordTiming.by);
        if ((!inspection.needsHeaderRepair && timingIsCurrent) || !adopt) return clip;
        // Written by an earlier version: repaired and aligned now, with no request.
        return store({key, request, data, audio: clip.audio, earlier: clip.repaired, wordTiming: timingIsCurrent ? clip.wordTiming : undefined});
      }
    }
    // A whole file with no usable entry: a run stopped between writing the clip and its entry,
    // or the manifest was lost or edited. Files are named by key and written atomically, so
    // measure and keep it rather than pay for it again: if it is MP3 (a WAV or anything else
    // dropped there is not adopted, see measureMp3).
    if (!adopt) return null;
    let audio: ClipAudio;
    try {
      audio = await measureMp3({data, name: file});
    } catch {
      return null;
    }
    return store({key, request, data, audio});
  };

  /**
   * Writes a measured clip as players need it (its header repaired when they would cut it
   * short: see repairMp3Header), then its manifest entry. The file first: an entry never points
   * at a missing file. Nothing is written when the file on disk is already these bytes.
   */
  const store = async ({
    key,
    request,
    data,
    audio,
    earlier,
    wordTiming,
  }: {
    key: string;
    request: ClipRequest;
    data: Uint8Array;
    audio: ClipAudio;
    /** What was already done to this clip's audio (joined halves, an earlier repair). */
    earlier?: ManifestClip['repaired'];
    /** Word times the provider knows for exactly these bytes; measured here otherwise. */
    wordTiming?: ManifestClip['wordTiming'];
  }): Promise<ManifestClip> => {
    const file = clipFileForKey(key);
    const fixed = await repairMp3Header({data, name: file});
    const storedData = fixed.data;
    const storedAudio = fixed.repair === 'none' ? audio : await measureMp3({data: storedData, name: file});
    const repaired: ManifestClip['repaired'] =
      fixed.repair === 'none'
        ? earlier
        : {
            what: earlier ? `${earlier.what}, ${fixed.repair}` : fixed.repair,
            problem: fixed.problem ?? earlier?.problem ?? null,
            originalSizeInBytes: earlier?.originalSizeInBytes ?? data.byteLength,
            originalSha256: earlier?.originalSha256 ?? sha256Hex(data),
            at: new Date().toISOString(),
          };
    if (fixed.repair !== 'none') {
      onRepair?.({key, file, what: fixed.repair, problem: fixed.problem});
    }
    // The provider's word times describe the bytes it sent: kept only when those are stored as they came.
    const timing =
      wordTiming && fixed.repair === 'none' ? wordTiming : await measureWordTiming({text: request.text, data: storedData, name: file});
    const onDisk = await readFile(path.join(publicDir, file)).then((bytes) => sha256Hex(bytes), () => null);
    if (onDisk !== sha256Hex(storedData)) {
      await writeFileAtomic(path.join(publicDir, file), storedData);
    }
    return record({key, request, data: storedData, audio: storedAudio, repaired, wordTiming: timing});
  };

  const record = async ({
    key,
    request,
    data,
    audio,
    repaired,
    wordTiming,
  }: {
    key: string;
    request: ClipRequest;
    data: Uint8Array;
    audio: ClipAudio;
    repaired: ManifestClip['repaired'];
    wordTiming: ManifestClip['wordTiming'];
  }) => {
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
      ...(wordTiming ? {wordTiming} : {}),
      ...(repaired ? {repaired} : {}),
    };
    await updateManifest((manifest) => {
      manifest.clips[key] = clip;
      delete manifest.moderated[key];
    });
    return clip;
  };

  const save: ClipStore['save'] = ({key, request, mp3, audio, joinedBecause, wordTiming}) =>
    store({
      key,
      request,
      data: mp3,
      audio,
      wordTiming,
      earlier: joinedBecause
        ? {what: 'joined-halves', problem: joinedBecause, originalSizeInBytes: mp3.byteLength, originalSha256: sha256Hex(mp3), at: new Date().toISOString()}
        : undefined,
    });

  const setProvider: ClipStore['setProvider'] = async ({compositionIds, provider, limits}) => {
    const entry = {provider, limits: {maxCharacters: limits.maxCharacters, maxSpeechInSeconds: limits.maxSpeechInSeconds}};
    const current = await readManifest();
    if (compositionIds.every((id) => JSON.stringify(current.compositions[id]) === JSON.stringify(entry))) {
      return; // nothing to write: a warm run leaves the manifest untouched
    }
    await updateManifest((manifest) => {
      for (const id of compositionIds) manifest.compositions[id] = entry;
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
