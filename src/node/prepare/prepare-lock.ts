import {mkdir, open, readFile, rm} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import {NARRATION_FOLDER} from '../../core/narration-paths.ts';

export type LockHolder = {pid: number; hostname: string; startedAt: string};

const LOCK_FILE = '.prepare.lock';
const POLL_INTERVAL_MS = 200;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One prepare at a time per project: a second one waits, then finds the first one's clips
 * cached, so no clip is generated twice and manifest updates never interleave. A lock left by a
 * process that died (SIGKILL, crash) is taken over.
 * @returns a function that releases the lock.
 */
export const acquirePrepareLock = async ({
  publicDir,
  onWait,
  signal,
}: {
  publicDir: string;
  onWait?: (holder: LockHolder) => void;
  signal?: AbortSignal;
}): Promise<() => Promise<void>> => {
  const folder = path.join(publicDir, NARRATION_FOLDER);
  const file = path.join(folder, LOCK_FILE);
  await mkdir(folder, {recursive: true});
  const me: LockHolder = {pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString()};
  let announced = false;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      return async () => {
        const holder = await readHolder(file);
        if (holder?.pid === me.pid && holder.startedAt === me.startedAt) {
          await rm(file, {force: true});
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(file);
    // No readable holder (it is being written, or it is garbage) or a dead one on this host.
    const stale = holder === null ? await isOldGarbage(file) : holder.hostname === me.hostname && !isAlive(holder.pid);
    if (stale) {
      await rm(file, {force: true});
      continue;
    }
    if (holder && !announced) {
      onWait?.(holder);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
};

const readHolder = async (file: string): Promise<LockHolder | null> => {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.hostname === 'string' && typeof parsed.startedAt === 'string'
      ? (parsed as LockHolder)
      : null;
  } catch {
    return null;
  }
};

/** A lock file that stays unreadable for a second was left half-written by a killed process. */
const isOldGarbage = async (file: string): Promise<boolean> => {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return (await readHolder(file)) === null;
};
