import {randomBytes} from 'node:crypto';
import {mkdir, open, readFile, rm, stat, utimes} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import {NARRATION_FOLDER} from '../../core/narration-paths.ts';
import {sleep} from '../../core/sleep.ts';

export type LockHolder = {pid: number; hostname: string; startedAt: string; id: string};

const LOCK_FILE = '.prepare.lock';
const POLL_INTERVAL_MS = 200;

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

/**
 * One prepare at a time per project: a second one waits, then finds the first one's clips
 * cached, so no clip is generated twice and manifest updates never interleave.
 *
 * The lock is a lease: its holder touches the file every `renewEveryMs`, and a lock left
 * unrenewed for `expiresAfterMs` is taken over — from another host, from a process whose pid was
 * reused, from one that was killed. A dead holder on this host is taken over at once.
 * @returns a function that stops the renewals and releases the lock.
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
  const me: LockHolder = {pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), id: randomBytes(8).toString('hex')};
  let announced = false;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(JSON.stringify(me));
      } finally {
        await handle.close();
      }
      return holdLease({file, me, lease});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(file);
    if (await isStale({file, holder, me, lease})) {
      await rm(file, {force: true});
      continue;
    }
    if (holder && !announced) {
      onWait?.(holder);
      announced = true;
    }
    await sleep(POLL_INTERVAL_MS, signal);
  }
};

/** Renews the lease until released; releasing removes the file only while it is still ours. */
const holdLease = ({file, me, lease}: {file: string; me: LockHolder; lease: LeaseTiming}) => {
  const timer = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined); // gone or taken over: nothing to renew
  }, lease.renewEveryMs);
  timer.unref(); // never keeps the process alive by itself
  return async () => {
    clearInterval(timer);
    if ((await readHolder(file))?.id === me.id) {
      await rm(file, {force: true});
    }
  };
};

const isStale = async ({
  file,
  holder,
  me,
  lease,
}: {
  file: string;
  holder: LockHolder | null;
  me: LockHolder;
  lease: LeaseTiming;
}): Promise<boolean> => {
  if (holder && holder.hostname === me.hostname && !isAlive(holder.pid)) {
    return true;
  }
  const renewedAtMs = await stat(file).then((info) => info.mtimeMs, () => null);
  if (renewedAtMs === null) {
    return false; // released meanwhile: try again at once
  }
  // Unreadable (being written, or left half-written) or from anyone: stale once unrenewed.
  return Date.now() - renewedAtMs > lease.expiresAfterMs;
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readHolder = async (file: string): Promise<LockHolder | null> => {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.hostname === 'string' && typeof parsed.startedAt === 'string'
      ? {pid: parsed.pid, hostname: parsed.hostname, startedAt: parsed.startedAt, id: typeof parsed.id === 'string' ? parsed.id : ''}
      : null;
  } catch {
    return null;
  }
};
