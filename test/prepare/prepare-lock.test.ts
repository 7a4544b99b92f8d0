import {mkdir, mkdtemp, readdir, rm, utimes, writeFile} from 'node:fs/promises';
import {hostname, tmpdir} from 'node:os';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {acquirePrepareLock, type LockHolder} from '../../src/node/prepare/prepare-lock.ts';

const lease = {renewEveryMs: 50, expiresAfterMs: 400};

describe('the prepare lock is a lease', () => {
  let publicDir: string;
  let lockFile: string;
  beforeEach(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-lock-'));
    lockFile = path.join(publicDir, 'narration', '.prepare.lock');
    await mkdir(path.dirname(lockFile), {recursive: true});
    return () => rm(publicDir, {recursive: true, force: true});
  });

  /** A lock file as another prepare left it, last renewed `ageMs` ago. */
  const leftLock = async (holder: Omit<LockHolder, 'id'>, ageMs: number) => {
    await writeFile(lockFile, JSON.stringify({...holder, id: 'someone-else'}));
    const renewedAt = new Date(Date.now() - ageMs);
    await utimes(lockFile, renewedAt, renewedAt);
  };

  it('takes over a lock from another host once it is no longer renewed', async () => {
    await leftLock({pid: 4242, hostname: 'ci-runner-7', startedAt: '2026-01-01T00:00:00.000Z'}, 5_000);
    const waited: LockHolder[] = [];
    const release = await acquirePrepareLock({publicDir, lease, onWait: (holder) => waited.push(holder)});
    expect(waited).toEqual([]);
    await release();
    expect(await readdir(path.dirname(lockFile))).toEqual([]);
  });

  it('takes over a lock whose pid now belongs to another living process', async () => {
    // process.pid is alive, but this lock was never renewed by it.
    await leftLock({pid: process.pid, hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z'}, 5_000);
    const release = await acquirePrepareLock({publicDir, lease});
    await release();
  });

  it('waits for a holder that keeps renewing, and gets the lock when it is released', async () => {
    // A lease much longer than its renewals, so a busy machine never lets it lapse by accident.
    const patient = {renewEveryMs: 50, expiresAfterMs: 1_500};
    const releaseFirst = await acquirePrepareLock({publicDir, lease: patient});
    const waited: LockHolder[] = [];
    let acquired = false;
    const second = acquirePrepareLock({publicDir, lease: patient, onWait: (holder) => waited.push(holder)}).then((release) => {
      acquired = true;
      return release;
    });
    // Several lease lengths: the first holder renews, so the second keeps waiting.
    await new Promise((resolve) => setTimeout(resolve, patient.expiresAfterMs * 2));
    expect(acquired).toBe(false);
    expect(waited).toHaveLength(1);
    await releaseFirst();
    const releaseSecond = await second;
    expect(acquired).toBe(true);
    await releaseSecond();
  });

  it('stops waiting when aborted', async () => {
    const releaseFirst = await acquirePrepareLock({publicDir, lease});
    const controller = new AbortController();
    const waiting = acquirePrepareLock({publicDir, lease, signal: controller.signal});
    controller.abort(new Error('Ctrl-C'));
    await expect(waiting).rejects.toThrow('Ctrl-C');
    await releaseFirst();
  });
});
