import {spawn} from 'node:child_process';
import {mkdir, mkdtemp, readdir, rm, utimes, writeFile} from 'node:fs/promises';
import {hostname, tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, beforeEach, describe, expect, it} from 'vitest';
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

describe('the prepare lock under contention', () => {
  let publicDir: string;
  let folder: string;
  let lockFile: string;
  let deadPid: number;
  // Long enough that no contender's own fresh lock ever looks stale on a busy machine.
  const patient = {renewEveryMs: 50, expiresAfterMs: 10_000};

  beforeAll(async () => {
    // The pid of a process that has exited: a holder that died on this host.
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.on('exit', resolve));
    deadPid = child.pid!;
  });
  beforeEach(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-lock-race-'));
    folder = path.join(publicDir, 'narration');
    lockFile = path.join(folder, '.prepare.lock');
    await mkdir(folder, {recursive: true});
    return () => rm(publicDir, {recursive: true, force: true});
  });

  const leaveStaleLock = async (holder: LockHolder) => {
    await writeFile(lockFile, JSON.stringify(holder));
    const renewedAt = new Date(Date.now() - 60_000);
    await utimes(lockFile, renewedAt, renewedAt);
  };

  /**
   * `contenders` prepares of one process ask for the lock at once. A round ends when each of
   * them either holds the lock or has seen it held and waits: then the holders are counted.
   */
  const raceForLock = async (contenders: number) => {
    const controller = new AbortController();
    const releases: (() => Promise<void>)[] = [];
    let decided = 0;
    let allDecided!: () => void;
    const everyoneDecided = new Promise<void>((resolve) => (allDecided = resolve));
    const attempts = Array.from({length: contenders}, () => {
      let done = false;
      const decide = () => {
        if (done) return;
        done = true;
        if (++decided === contenders) allDecided();
      };
      return acquirePrepareLock({publicDir, lease: patient, signal: controller.signal, onWait: decide}).then(
        (release) => {
          releases.push(release);
          decide();
        },
        (error: unknown) => {
          if (!controller.signal.aborted) throw error;
        },
      );
    });
    await everyoneDecided;
    controller.abort(new Error('round over'));
    await Promise.all(attempts);
    const holders = releases.length;
    await Promise.all(releases.map((release) => release()));
    return holders;
  };

  it.each([
    ['a dead process on this host', (): LockHolder => ({pid: deadPid, hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z', id: 'dead0000'})],
    ['another host, no longer renewed', (): LockHolder => ({pid: 4242, hostname: 'ci-runner-7', startedAt: '2026-01-01T00:00:00.000Z', id: 'gone0000'})],
  ])('a stale lock of %s is taken over by exactly one of many contenders, every time', async (_, staleHolder) => {
    const rounds = 100;
    const holdersPerRound: number[] = [];
    for (let round = 0; round < rounds; round++) {
      await leaveStaleLock(staleHolder());
      holdersPerRound.push(await raceForLock(6));
      // Released by its one holder; nothing else left behind (no claim, no temp file).
      expect(await readdir(folder)).toEqual([]);
    }
    expect(holdersPerRound.filter((holders) => holders !== 1)).toEqual([]);
  }, 120_000);

  it('a holder that releases while its stale lock is taken over never removes the new holder\'s lock', async () => {
    const neverRenewed = {renewEveryMs: 3_600_000, expiresAfterMs: 10_000};
    const lost: number[] = [];
    // Fewer rounds than above: after a release the next holder waits one poll (200 ms).
    for (let round = 0; round < 40; round++) {
      const releaseStalled = await acquirePrepareLock({publicDir, lease: neverRenewed});
      // Its renewals stalled for a minute: the lease has run out.
      const renewedAt = new Date(Date.now() - 60_000);
      await utimes(lockFile, renewedAt, renewedAt);
      const next = acquirePrepareLock({publicDir, lease: patient});
      // The release starts a little later each round, to meet the takeover at each of its steps.
      for (let turn = 0; turn < round % 20; turn++) await new Promise((resolve) => setImmediate(resolve));
      const [releaseNext] = await Promise.all([next, releaseStalled()]);
      // Whichever came first, the new holder holds a lock file until it releases it.
      const held = await readdir(folder);
      if (!held.includes('.prepare.lock')) lost.push(round);
      await releaseNext();
      await rm(lockFile, {force: true});
    }
    expect(lost).toEqual([]);
  }, 120_000);
});
