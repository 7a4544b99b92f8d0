import {randomBytes} from 'node:crypto';
import {link, mkdir, open, rename, rm, type FileHandle} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import {NARRATION_FOLDER} from '../../core/narration-paths.ts';
import {sleep} from '../../core/sleep.ts';
import {isProcessAlive as isAlive} from '../is-process-alive.ts';

export type LockHolder = {pid: number; hostname: string; startedAt: string; id: string};

const LOCK_FILE = '.prepare.lock';
/** How often a waiting prepare looks at a lock whose holder is alive. */
const POLL_INTERVAL_MS = 200;
/** How often a contender looks again while another one is taking a stale lock over (a few file operations). */
const CLAIM_POLL_INTERVAL_MS = 20;

/** How the lock is kept: a lease its holder renews by touching the file. */
export type LeaseTiming = {
  /** How often the holder renews. */
  renewEveryMs: number;
  /**
   * A lock not renewed for this long is taken over, whoever holds it (another host, a reused
   * pid, a stopped process). Several renewals long, so a busy event loop never loses it.
   */
  expiresAfterMs: number;
};

export const DEFAULT_LEASE: LeaseTiming = {renewEveryMs: 2_000, expiresAfterMs: 15_000};

/*
 * How one winner is made without a check-then-act race (file operations only, so it holds
 * between processes, and between hosts sharing the folder, on every platform Node runs on):
 *
 * - A lock or claim file is never written in place: a contender writes its record (pid, host,
 *   id) to a temp file of its own, then gives it the name with link() (fails with EEXIST when the
 *   name is taken) or rename() (replaces the name in one step). Readers never see half a record,
 *   and the holder renews through its open file: it touches its own lock, never whichever file
 *   has the name after a takeover.
 * - A free lock is taken with link(): one contender succeeds, the others get EEXIST.
 * - A stale lock held by H is replaced only by the contender that creates the claim
 *   `.prepare.lock.takeover-<H's id>` (link() again: EEXIST for everyone else). Under the claim it
 *   reads the lock again, and only if it is still H's and still stale does it rename() its record
 *   over the lock. A contender that saw H's stale lock and gets the claim later finds a lock that
 *   is no longer H's, and backs off. The claim is removed by its owner afterwards.
 * - Releasing takes the claim on one's own id first, so no takeover can replace the lock between
 *   the check that it is still ours and its removal: a release never removes someone else's lock.
 * - A contender that died holding a claim leaves a stale claim; it is taken over the same way,
 *   one level down (`.prepare.lock.takeover-<H>.takeover-<claimant>`).
 *
 * What no lease can prevent: a process stopped (not killed) for longer than the lease between its
 * check and its rename (a few file operations) may still act on what it saw.
 */

/**
 * One prepare at a time per project: a second one waits, then finds the first one's clips
 * cached, so no clip is generated twice and manifest updates never interleave.
 *
 * The lock is a lease: its holder touches the file every `renewEveryMs`, and a lock left
 * unrenewed for `expiresAfterMs` is taken over — from another host, from a process whose pid was
 * reused, from one that was killed. A dead holder on this host is taken over at once. Of many
 * prepares that find the same stale lock, exactly one takes it over.
 * @returns a function that stops the renewals and releases the lock (only while it is still ours).
 * @throws the signal's reason when aborted while waiting.
 */
export const acquirePrepareLock = async ({
  publicDir,
  onWait,
  signal,
  lease = DEFAULT_LEASE,
}: {
  publicDir: string;
  onWait?: (holder: LockHolder) => void;
  signal?: AbortSignal;
  lease?: LeaseTiming;
}): Promise<() => Promise<void>> => {
  const folder = path.join(publicDir, NARRATION_FOLDER);
  const file = path.join(folder, LOCK_FILE);
  await mkdir(folder, {recursive: true});
  const me = recordOf({folder, holder: {pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), id: randomBytes(8).toString('hex')}});
  let announced = false;
  for (;;) {
    signal?.throwIfAborted();
    const current = await readLockFile(file);
    if (!current) {
      const lock = await me.place(file, 'create');
      if (lock) return holdLease({file, me, lock, lease});
      continue; // taken meanwhile: look at the new holder
    }
    if (isStale(current, lease)) {
      const outcome = await takeOver({file, stale: current, me, lease});
      if (outcome !== 'busy' && outcome !== 'changed') return holdLease({file, me, lock: outcome, lease});
      // Another contender is taking it over: its lock is there in a moment.
      if (outcome === 'busy') await sleep(CLAIM_POLL_INTERVAL_MS, signal);
      continue;
    }
    if (current.holder && !announced) {
      onWait?.(current.holder);
      announced = true;
    }
    await sleep(POLL_INTERVAL_MS, signal);
  }
};

/** Renews the lease until released; releasing removes the file only while it is still ours. */
const holdLease = ({file, me, lock, lease}: {file: string; me: OwnRecord; lock: FileHandle; lease: LeaseTiming}) => {
  // Through the open file: a renewal touches our own lock, never whichever file has its name after a takeover.
  const timer = setInterval(() => {
    const now = new Date();
    lock.utimes(now, now).catch(() => undefined); // a failed renewal is tried again at the next one
  }, lease.renewEveryMs);
  timer.unref(); // never keeps the process alive by itself
  return async () => {
    clearInterval(timer);
    await lock.close().catch(() => undefined);
    // Under the claim on our own id nobody can take the lock over between the check and the removal.
    for (;;) {
      const claim = await claimFor({file, holderKey: me.key, me, lease});
      if (claim) {
        try {
          if ((await readLockFile(file))?.key === me.key) await rm(file, {force: true});
        } finally {
          await claim.remove();
        }
        return;
      }
      // Our lease ran out and another prepare is taking the lock over: once it has, it is not ours to remove.
      if ((await readLockFile(file))?.key !== me.key) return;
      await sleep(CLAIM_POLL_INTERVAL_MS);
    }
  };
};

/**
 * Replaces `stale` (the holder found at `file`) with our record, if we are the one contender
 * that claims it and it is still there and still stale under the claim.
 * @returns our record, open, once it is in place; 'busy' when another live contender holds the
 *   claim; 'changed' when the file is no longer `stale` (renewed, released or taken over).
 */
const takeOver = async ({
  file,
  stale,
  me,
  lease,
}: {
  file: string;
  stale: LockFile;
  me: OwnRecord;
  lease: LeaseTiming;
}): Promise<FileHandle | 'busy' | 'changed'> => {
  const claim = await claimFor({file, holderKey: stale.key, me, lease});
  if (!claim) return 'busy';
  try {
    const now = await readLockFile(file);
    if (!now || now.key !== stale.key || !isStale(now, lease)) return 'changed';
    return (await me.place(file, 'replace'))!;
  } finally {
    await claim.remove();
  }
};

/**
 * The exclusive right to replace (or remove) the file `file` while `holderKey` holds it: our
 * record created as `<file>.takeover-<holderKey>`. A claim whose owner died is taken over like a
 * lock. Null when a live contender holds it.
 */
const claimFor = async ({
  file,
  holderKey,
  me,
  lease,
}: {
  file: string;
  holderKey: string;
  me: OwnRecord;
  lease: LeaseTiming;
}): Promise<{remove: () => Promise<void>} | null> => {
  const claimFile = `${file}.takeover-${holderKey}`;
  for (;;) {
    const placed = await me.place(claimFile, 'create');
    if (placed) {
      await placed.close();
      break;
    }
    const claimant = await readLockFile(claimFile);
    if (!claimant) continue; // removed meanwhile: try again
    if (!isStale(claimant, lease)) return null;
    const outcome = await takeOver({file: claimFile, stale: claimant, me, lease});
    if (outcome === 'busy') return null;
    if (outcome !== 'changed') {
      await outcome.close();
      break;
    }
  }
  return {
    // Ours to remove: a live claim is never taken over (its owner holds it for a few file operations).
    remove: () => rm(claimFile, {force: true}),
  };
};

/** This contender's record (pid, host, id), put in place whole under a lock's or a claim's name. */
type OwnRecord = {
  /** The id in the record: the name of claims on a lock it holds. */
  key: string;
  /**
   * Writes a new file with the record and gives it the name `name`: 'create' only if nothing has
   * that name (null otherwise), 'replace' whatever has it, in one step. Returns the new file, open.
   */
  place(name: string, how: 'create' | 'replace'): Promise<FileHandle | null>;
};

const recordOf = ({folder, holder}: {folder: string; holder: LockHolder}): OwnRecord => ({
  key: holder.id,
  place: async (name, how) => {
    // A file of our own first, then link() (fails with EEXIST when the name is taken) or rename():
    // whoever reads the name sees a whole record, never a half-written one.
    const temp = path.join(folder, `${LOCK_FILE}.${holder.id}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx');
    let placed = false;
    try {
      await handle.writeFile(JSON.stringify(holder));
      if (how === 'replace') {
        await rename(temp, name);
      } else {
        try {
          await link(temp, name);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
          throw error;
        }
      }
      placed = true;
      return handle;
    } finally {
      if (!placed) await handle.close();
      await rm(temp, {force: true}); // the record lives on under `name`
    }
  },
});

/** A lock (or claim) file as found: its holder, the name claims on it use, and when it was last renewed. */
type LockFile = {holder: LockHolder | null; key: string; renewedAtMs: number};

const readLockFile = async (file: string): Promise<LockFile | null> => {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    // One open file: the content and the times are those of the same file, even if it is replaced meanwhile.
    const info = await handle.stat();
    const holder = parseHolder(await handle.readFile('utf8'));
    // A lock left by an older version, or edited, has no usable id: the file itself is named by its inode.
    return {holder, key: holder && /^[\w-]{1,64}$/.test(holder.id) ? holder.id : `inode-${info.ino}`, renewedAtMs: info.mtimeMs};
  } finally {
    await handle.close();
  }
};

const parseHolder = (text: string): LockHolder | null => {
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.hostname === 'string' && typeof parsed.startedAt === 'string'
      ? {pid: parsed.pid, hostname: parsed.hostname, startedAt: parsed.startedAt, id: typeof parsed.id === 'string' ? parsed.id : ''}
      : null;
  } catch {
    return null;
  }
};

const isStale = (found: LockFile, lease: LeaseTiming): boolean => {
  const {holder} = found;
  if (holder && holder.hostname === hostname() && !isAlive(holder.pid)) {
    return true;
  }
  // Unreadable (left by an older version, or edited) or from anyone: stale once unrenewed.
  return Date.now() - found.renewedAtMs > lease.expiresAfterMs;
};

