import {createHash} from 'node:crypto';
import {readdir, readFile, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {BundlerInternals} from '@remotion/bundler';
import {z} from 'zod';
import {writeFileAtomic} from './write-file-atomic.ts';

/** A clip file as it was when it was last checked whole (size, SHA-256, frames) and found good. */
const verifiedSchema = z.object({sizeInBytes: z.number(), mtimeMs: z.number(), ino: z.number(), sha256: z.string()});
type Verified = z.infer<typeof verifiedSchema>;
const recordSchema = z.object({version: z.literal(1), clips: z.record(z.string(), verifiedSchema)});

/** The file a clip file's stat is compared with (see `VerifiedClips`). */
type FileStat = {size: number; mtimeMs: number; ino: number};

/**
 * What this machine already checked in a project's cache, kept beside webpack's cache in
 * `node_modules/.cache/` (never in public/, which is committed and deployed): for each clip file
 * checked whole and found good, its size, modification time, inode and SHA-256. A warm prepare
 * then checks an unchanged file by its stat alone instead of reading and hashing every clip
 * (0.4 s of a 4 s warm prepare at 400 clips); a file that was replaced, touched or copied (a
 * fresh clone) is read and checked again. Like `make` and git, it trusts a file whose size and
 * time did not change.
 */
export type VerifiedClips = {
  /** True when `file` is unchanged since it was found good with this SHA-256. */
  isVerified: (key: string, file: FileStat, sha256: string) => boolean;
  /** Records `key`'s file, just checked whole or written, as good. */
  record: (key: string, file: string, sha256: string) => Promise<void>;
  /** Writes the record, when it changed. */
  save: () => Promise<void>;
};

/** Records kept per node_modules (one per public folder: projects, temp copies of them in tests). */
const MAX_RECORDS = 20;

/** Removes all but the `MAX_RECORDS` records written last. */
const forgetOldRecords = async (folder: string): Promise<void> => {
  const names = (await readdir(folder).catch(() => [])).filter((name) => name.startsWith('verified-clips-') && name.endsWith('.json'));
  if (names.length <= MAX_RECORDS) return;
  const times = await Promise.all(names.map(async (name) => ({name, mtimeMs: (await stat(path.join(folder, name)).catch(() => null))?.mtimeMs ?? 0})));
  times.sort((a, b) => b.mtimeMs - a.mtimeMs);
  await Promise.all(times.slice(MAX_RECORDS).map(({name}) => rm(path.join(folder, name), {force: true})));
};

export const openVerifiedClips = async (publicDir: string): Promise<VerifiedClips> => {
  const nodeModules = BundlerInternals.findClosestFolderWithItem(path.dirname(publicDir), 'node_modules');
  const recordFile = nodeModules
    ? path.join(nodeModules, 'node_modules', '.cache', 'remotion-narration', `verified-clips-${createHash('sha256').update(publicDir).digest('hex').slice(0, 16)}.json`)
    : null;
  const clips = new Map<string, Verified>();
  if (recordFile) {
    // A record that cannot be read is only a slower prepare: every clip is read and checked.
    const text = await readFile(recordFile, 'utf8').catch(() => null);
    let json: unknown = null;
    try {
      json = text === null ? null : JSON.parse(text);
    } catch {
      // Cut short (a process killed while writing it elsewhere): read as no record.
    }
    const parsed = recordSchema.safeParse(json);
    if (parsed.success) for (const [key, entry] of Object.entries(parsed.data.clips)) clips.set(key, entry);
  }
  let changed = false;
  return {
    isVerified: (key, file, sha256) => {
      const entry = clips.get(key);
      return entry !== undefined && entry.sha256 === sha256 && entry.sizeInBytes === file.size && entry.mtimeMs === file.mtimeMs && entry.ino === file.ino;
    },
    record: async (key, file, sha256) => {
      const stats = await stat(file).catch(() => null);
      if (!stats) return;
      clips.set(key, {sizeInBytes: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino, sha256});
      changed = true;
    },
    save: async () => {
      if (!changed || !recordFile) return;
      changed = false;
      const text = JSON.stringify({version: 1, clips: Object.fromEntries(clips)});
      await writeFileAtomic(recordFile, text).catch(() => undefined);
      await forgetOldRecords(path.dirname(recordFile));
    },
  };
};
