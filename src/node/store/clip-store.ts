import {copyFile, mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {ClipRequest} from '../../core/clip-request.ts';
import {InvalidInputError, ClipUnreadableError, ManifestUnreadableError} from '../../core/errors.ts';
import {emptyManifest, type ClipAudio, type CompositionVoice, type Manifest, type ManifestClip, type ManifestUse} from '../../core/manifest-schema.ts';
import {clipFileForKey, MANIFEST_PATH} from '../../core/narration-paths.ts';
import {measureWordTiming} from '../align/measure-word-timing.ts';
import type {DecodedMp3} from '../mp3/decode-mp3.ts';
import {decodeAndMeasureMp3, loudnessOfDecoded} from '../mp3/measure-mp3.ts';
import {LOUDNESS_METER_ID} from '../../core/loudness/measure-loudness.ts';
import {repairMp3Header, type Mp3HeaderRepair} from '../mp3/repair-mp3-header.ts';
import {acquirePrepareLock, type LeaseTiming, type LockHolder} from '../prepare/prepare-lock.ts';
import {runCpuWork} from '../run-cpu-work.ts';
import {checkClip, sha256Hex, type ClipCheck} from './check-clip.ts';
import {openVerifiedClips, type VerifiedClips} from './verified-clips.ts';
import {readManifestFile} from './read-manifest-file.ts';
import {writeFileAtomic} from './write-file-atomic.ts';

export type ClipRepair = {key: string; file: string; what: Mp3HeaderRepair; problem: string | null};

/** The manifest could not be read and is rebuilt from the clips on disk; `backupFile` keeps what it held. */
export type ManifestRebuild = {file: string; problem: string; backupFile: string};

/**
 * The audio cache in `public/narration/` while one prepare (or prune) holds it: mp3s named by
 * cache key, and `manifest.json`, kept in memory and written in batches (see `openClipStore`).
 */
export type ClipStore = {
  /** Absolute path of `public/`. */
  readonly publicDir: string;
  readonly manifestFile: string;
  /** The manifest as this store holds it (written to disk in batches). Read it, do not change it. */
  readonly manifest: Manifest;
  /** The clip's state, reading only (see `checkClip`). */
  check(input: {key: string; request: ClipRequest}): Promise<ClipCheck>;
  /**
   * Does what an `outdated` check asks (repairs a header, measures word times, records a file the
   * manifest lacks): no request. @throws InvalidAudioError when the file turns out not to be
   * usable MP3 (generate it again), ClipUnreadableError when it cannot be read.
   */
  upgrade(input: {key: string; request: ClipRequest; check: Extract<ClipCheck, {state: 'outdated'}>}): Promise<ManifestClip>;
  /**
   * Stores a new clip: the mp3 (its header repaired when players would cut it short), then its
   * entry. `decoded`: the same bytes already decoded (see `decodeAndMeasureMp3`), so they are not
   * decoded again; `joinedBecause`: the clip was spoken as two halves, and why; `wordTiming`: word
   * times the provider knows for exactly these bytes (the draft voice does).
   */
  save(input: {
    key: string;
    request: ClipRequest;
    mp3: Uint8Array;
    audio: ClipAudio;
    decoded?: DecodedMp3;
    joinedBecause?: string;
    wordTiming?: ManifestClip['wordTiming'];
  }): Promise<ManifestClip>;
  /** Records the voice these compositions are prepared with: their clips are keyed and looked up with it. */
  recordVoice(input: {compositionIds: readonly string[]; voice: CompositionVoice}): void;
  /** Records what a prepare of a composition used (see `manifestUseSchema`), replacing the record of the same `useId`. */
  recordUse(input: {useId: string; use: ManifestUse}): void;
  /** Forgets records of uses (prune, once their clips are deleted). */
  forgetUses(useIds: readonly string[]): void;
  /** Notes that the service refused this clip's text, with its reason; written at once. */
  recordModeration(key: string, reason: string): Promise<void>;
  /** Removes clips: their manifest entries first (written at once), then their files. */
  remove(keys: readonly string[]): Promise<void>;
  /** Writes the manifest now if it changed. */
  flush(): Promise<void>;
  /** Writes what is left and releases the cache for the next prepare. */
  close(): Promise<void>;
};

/**
 * Storing a clip (header repair, decoding, word alignment) is CPU work that runs before new
 * syntheses start, so a clip made is stored soon; it is never cancelled (see runCpuWork).
 */
const FINISHING = {priority: 1};

/**
 * Delays between manifest writes while clips are stored: the first at once (the Studio shows the first
 * new audio), then doubling, so that a long run writes the manifest (and the Studio re-reads it) a
 * few times, not once per clip (217 ms a write at 5,000 clips). Losing a batch loses nothing:
 * clips are written before their entries, and a clip without an entry is recorded again with no
 * request (see `checkClip`).
 */
const FLUSH_DELAYS_MS = [0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000];

/**
 * Makes sure `public/narration/` can be written (writes an empty manifest if there is none).
 * @throws InvalidInputError naming the folder and the fix.
 */
export const assertCacheWritable = async (publicDir: string): Promise<void> => {
  const manifestFile = path.join(publicDir, MANIFEST_PATH);
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

/**
 * Opens the cache for writing: waits for the project's prepare lock (one writer at a time), then
 * reads the manifest into memory. A manifest that cannot be read is, with `unreadableManifest:
 * 'rebuild'` (prepare), copied to `manifest.unreadable.json` and rebuilt from the clips on disk
 * as they are checked; with `'throw'` (prune) the error is thrown and nothing is touched.
 * Call `close()` when done, also after a failure.
 */
export const openClipStore = async ({
  publicDir,
  unreadableManifest,
  signal,
  onWaitForLock,
  onManifestRebuild,
  onRepair,
  lease,
}: {
  publicDir: string;
  unreadableManifest: 'rebuild' | 'throw';
  signal?: AbortSignal;
  onWaitForLock?: (holder: LockHolder) => void;
  onManifestRebuild?: (rebuild: ManifestRebuild) => void;
  /** A clip's header was repaired (see repairMp3Header), as it was stored or upgraded. */
  onRepair?: (repair: ClipRepair) => void;
  /** How the lock is kept (see `acquirePrepareLock`). */
  lease?: LeaseTiming;
}): Promise<ClipStore> => {
  await assertCacheWritable(publicDir); // fails early, with the fix, when public/ cannot be written
  const manifestFile = path.join(publicDir, MANIFEST_PATH);
  const release = await acquirePrepareLock({publicDir, signal, lease, onWait: onWaitForLock});
  let manifest: Manifest;
  let verified: VerifiedClips;
  // Nothing below may keep the lock when it fails.
  try {
    // Only the lock's holder writes here, so a temp file now is what a killed writer left half-written.
    await removeTempFiles(path.dirname(manifestFile));
    try {
      manifest = await readManifestFile(manifestFile);
    } catch (error) {
      if (!(error instanceof ManifestUnreadableError) || unreadableManifest === 'throw') throw error;
      const backupFile = path.join(path.dirname(manifestFile), 'manifest.unreadable.json');
      await copyFile(manifestFile, backupFile).catch(() => undefined);
      onManifestRebuild?.({file: manifestFile, problem: error.problem, backupFile});
      manifest = emptyManifest();
    }
    verified = await openVerifiedClips(publicDir);
  } catch (error) {
    await release();
    throw error;
  }

  // Manifest writes: batched (see FLUSH_DELAYS_MS), one at a time, in order.
  let dirty = false;
  let flushes = 0;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (dirty) {
      dirty = false;
      flushes++;
      const text = serializeManifest(manifest);
      writing = writing.then(() => writeFileAtomic(manifestFile, text));
    }
    return writing;
  };
  const changed = () => {
    dirty = true;
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      flush().catch((error: unknown) => (writeError ??= error));
    }, FLUSH_DELAYS_MS[Math.min(flushes, FLUSH_DELAYS_MS.length - 1)]);
    timer.unref();
  };

  const readClipFile = async (key: string): Promise<Uint8Array> => {
    const file = path.join(publicDir, clipFileForKey(key));
    try {
      return await readFile(file);
    } catch (error) {
      throw new ClipUnreadableError(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message, {cause: error});
    }
  };

  /**
   * Writes a clip as players need it (its header repaired when they would cut it short), then its
   * entry: an entry never points at a missing file. Decodes at most once unless the header is
   * repaired; nothing is written when the file on disk is already these bytes.
   */
  const storeClip = async ({
    key,
    request,
    data,
    measured,
    earlier,
    wordTiming,
    loudness,
  }: {
    key: string;
    request: ClipRequest;
    data: Uint8Array;
    /** Measured (and decoded, when at hand) from `data`; measured here otherwise. */
    measured?: {audio: ClipAudio; decoded?: DecodedMp3};
    /** What was already done to this clip's audio (joined halves, an earlier repair). */
    earlier?: ManifestClip['repaired'];
    /** Word times known for exactly `data`; measured here otherwise. */
    wordTiming?: ManifestClip['wordTiming'];
    /** Loudness measured on exactly `data` by the current meter; measured here otherwise. */
    loudness?: ManifestClip['loudness'];
  }): Promise<ManifestClip> => {
    const file = clipFileForKey(key);
    const fixed = await runCpuWork(() => repairMp3Header({data, name: file}), FINISHING);
    const stored = fixed.data;
    let {audio, decoded} = fixed.repair === 'none' && measured ? measured : {audio: undefined, decoded: undefined};
    if (!audio) ({audio, decoded} = await runCpuWork(() => decodeAndMeasureMp3({data: stored, name: file}), FINISHING));
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
    if (fixed.repair !== 'none') onRepair?.({key, file, what: fixed.repair, problem: fixed.problem});
    // Word times and loudness known for the bytes as they came hold only when those are stored as they came.
    const keptTiming = fixed.repair === 'none' ? wordTiming : undefined;
    const keptLoudness = fixed.repair === 'none' && loudness?.by === LOUDNESS_METER_ID ? loudness : undefined;
    // Decoded once for whatever is measured here (see decode-once.test.ts).
    if ((!keptTiming || !keptLoudness) && !decoded) ({decoded} = await runCpuWork(() => decodeAndMeasureMp3({data: stored, name: file}), FINISHING));
    const timing = keptTiming ?? (await runCpuWork(() => measureWordTiming({text: request.text, language: request.language, data: stored, name: file, decoded}), FINISHING));
    const clipLoudness = keptLoudness ?? (await runCpuWork(() => loudnessEntry(decoded!), FINISHING));
    const sha256 = sha256Hex(stored);
    const onDisk = await readFile(path.join(publicDir, file)).then(sha256Hex, () => null);
    if (onDisk !== sha256) await writeFileAtomic(path.join(publicDir, file), stored);
    await verified.record(key, path.join(publicDir, file), sha256);
    const clip: ManifestClip = {
      key,
      file,
      provider: request.provider,
      speakerId: request.speakerId,
      text: request.text,
      speed: request.speed,
      emotion: request.emotion,
      sizeInBytes: stored.byteLength,
      sha256,
      audio,
      createdAt: manifest.clips[key]?.createdAt ?? new Date().toISOString(),
      wordTiming: timing,
      loudness: clipLoudness,
      ...(repaired ? {repaired} : {}),
    };
    manifest.clips[key] = clip;
    delete manifest.moderated[key];
    changed();
    return clip;
  };

  return {
    publicDir,
    manifestFile,
    get manifest() {
      return manifest;
    },
    check: ({key, request}) => checkClip({publicDir, manifest, key, request, verified}),
    upgrade: async ({key, request, check}) => {
      const data = await readClipFile(key);
      const {clip, steps} = check;
      const keepMeasured = clip !== null && !steps.includes('repair-header');
      return storeClip({
        key,
        request,
        data,
        measured: keepMeasured ? {audio: clip.audio} : undefined,
        earlier: clip?.repaired,
        wordTiming: keepMeasured && !steps.includes('measure-words') ? clip.wordTiming : undefined,
        loudness: keepMeasured && !steps.includes('measure-loudness') ? clip.loudness : undefined,
      });
    },
    save: ({key, request, mp3, audio, decoded, joinedBecause, wordTiming}) =>
      storeClip({
        key,
        request,
        data: mp3,
        measured: {audio, decoded},
        wordTiming,
        earlier: joinedBecause
          ? {what: 'joined-halves', problem: joinedBecause, originalSizeInBytes: mp3.byteLength, originalSha256: sha256Hex(mp3), at: new Date().toISOString()}
          : undefined,
      }),
    recordVoice: ({compositionIds, voice}) => {
      const entry: CompositionVoice = {provider: voice.provider, limits: {maxCharacters: voice.limits.maxCharacters, maxSpeechInSeconds: voice.limits.maxSpeechInSeconds}};
      for (const id of compositionIds) {
        if (JSON.stringify(manifest.compositions[id]) === JSON.stringify(entry)) continue;
        manifest.compositions[id] = entry;
        changed();
      }
    },
    recordUse: ({useId, use}) => {
      const recorded = manifest.uses[useId];
      const keys = [...use.keys].sort();
      // The same clips on the same day: nothing to write (a warm prepare leaves the manifest alone).
      if (recorded && recorded.usedAt === use.usedAt && JSON.stringify(recorded.keys) === JSON.stringify(keys)) return;
      manifest.uses[useId] = {...use, keys};
      changed();
    },
    forgetUses: (useIds) => {
      for (const id of useIds) delete manifest.uses[id];
      if (useIds.length > 0) changed();
    },
    recordModeration: async (key, reason) => {
      manifest.moderated[key] = {reason, at: new Date().toISOString()};
      changed();
      // Forgetting a refusal would ask again next time, and repeated refusals can hurt the account.
      await flush();
    },
    remove: async (keys) => {
      for (const key of keys) {
        delete manifest.clips[key];
        delete manifest.moderated[key];
      }
      changed();
      await flush();
      await Promise.all(keys.map((key) => rm(path.join(publicDir, clipFileForKey(key)), {force: true})));
    },
    flush,
    close: async () => {
      try {
        await flush();
        await verified.save();
        if (writeError) throw writeError;
      } finally {
        await release();
      }
    },
  };
};

/** Removes the temp files `writeFileAtomic` leaves when its process is killed mid-write. */
const removeTempFiles = async (folder: string): Promise<void> => {
  const names = await readdir(folder).catch(() => []);
  // Not the lock's own temp files: those are written by prepares waiting for the lock.
  const leftovers = names.filter((name) => name.endsWith('.tmp') && !name.startsWith('.prepare.lock'));
  await Promise.all(leftovers.map((name) => rm(path.join(folder, name), {force: true})));
};

/** The manifest as written: keys sorted, so that two machines write the same file for the same cache. */
const serializeManifest = (manifest: Manifest): string => {
  const sorted = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify(
    {
      version: manifest.version,
      compositions: sorted(manifest.compositions),
      clips: sorted(manifest.clips),
      moderated: sorted(manifest.moderated),
      uses: sorted(manifest.uses),
    },
    null,
    2,
  )}\n`;
};

/** A clip's loudness entry from its decoded samples. */
const loudnessEntry = (decoded: DecodedMp3): NonNullable<ManifestClip['loudness']> => ({
  by: LOUDNESS_METER_ID,
  ...loudnessOfDecoded(decoded),
  channelCount: decoded.channelCount,
});
