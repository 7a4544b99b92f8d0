import {spawn} from 'node:child_process';
import {copyFile, mkdtemp, readdir, readFile, rm, truncate, unlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {prepareNarration, type PrepareEvent} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {expectConsistentCache} from '../helpers/expect-consistent-cache.ts';
import type {WorkerInput} from '../helpers/prepare-worker.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';

const CREATE = '/v1/kling/tts/create';
const cues = (count: number): Narration['cues'] => Array.from({length: count}, (_, i) => ({id: `cue-${i}`, text: `This is line number ${i} of the narration.`}));
const compositionsOf = (count: number) => [{id: 'Long', narration: {voice: {speakerId: 'uk_man2'}, cues: cues(count)}}];

/** A prepare in a child process; `onLine` sees its output as it comes. */
const startWorker = (input: WorkerInput, onLine?: (line: string) => void) => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/helpers/prepare-worker.ts'), JSON.stringify(input)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    for (const line of chunk.toString().split('\n')) if (line) onLine?.(line);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const done = new Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}>((resolve) =>
    child.on('close', (code, signal) => resolve({code, signal, stdout, stderr})),
  );
  return {child, done};
};

describe('interrupted and concurrent prepares', () => {
  let fake: FakeUseapi;
  let publicDir: string;

  beforeAll(async () => {
    fake = await startFakeUseapi({latencyMs: 250});
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-interrupted-'));
    return () => rm(publicDir, {recursive: true, force: true});
  });

  const input = (count: number): WorkerInput => ({publicDir, compositions: compositionsOf(count), baseUrl: fake.baseUrl, token: fake.token, concurrency: 2});

  it('SIGKILL at any moment leaves a cache the next run completes, paying only for what was in flight', async () => {
    const count = 10;
    let generatedBeforeKill = 0;
    // Killed once soon after start (lock, manifest), once in the middle of generating.
    for (const killAfterGenerated of [0, 4]) {
      const worker = startWorker(input(count), (line) => {
        if (!line.startsWith('generated')) return;
        generatedBeforeKill++;
        if (generatedBeforeKill >= killAfterGenerated) worker.child.kill('SIGKILL');
      });
      if (killAfterGenerated === 0) setTimeout(() => worker.child.kill('SIGKILL'), 1500);
      const result = await worker.done;
      expect(result.signal).toBe('SIGKILL');
      await expectConsistentCacheIfPresent(publicDir);
    }
    const createsBeforeFinal = fake.count(CREATE);
    const keptBeforeFinal = await clipsOnRecord(publicDir);
    expect(keptBeforeFinal).toBeGreaterThan(0);
    const final = await startWorker(input(count)).done;
    expect(final.code, final.stderr).toBe(0);
    const summary = JSON.parse(final.stdout.trim().split('\n').at(-1)!) as {synthesizeCalls: number; failed: number};
    expect(summary.failed).toBe(0);
    const manifest = await expectConsistentCache(publicDir);
    expect(Object.keys(manifest.clips)).toHaveLength(count);
    // Every whole clip stored before the kills was kept (recorded or adopted): the last run paid
    // only for the rest.
    expect(summary.synthesizeCalls).toBe(count - keptBeforeFinal);
    expect(summary.synthesizeCalls).toBe(fake.count(CREATE) - createsBeforeFinal);
  });

  it('two prepares at once both finish, with one manifest and no clip generated twice', async () => {
    const count = 8;
    const [first, second] = await Promise.all([startWorker(input(count)).done, startWorker(input(count)).done]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(first.stdout + second.stdout).toMatch(/waiting \d+/);
    expect(fake.count(CREATE)).toBe(count);
    const manifest = await expectConsistentCache(publicDir);
    expect(Object.keys(manifest.clips)).toHaveLength(count);
  });

  describe('a damaged cache heals', () => {
    const prepare = (events: PrepareEvent[] = []) =>
      prepareNarration({
        compositions: compositionsOf(3),
        provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}),
        publicDir,
        retryDelayMs: 5,
        onEvent: (event) => events.push(event),
      });
    const manifestFile = () => path.join(publicDir, MANIFEST_PATH);
    const clipFiles = async () => Object.values(JSON.parse(await readFile(manifestFile(), 'utf8')).clips as Record<string, {file: string}>).map((clip) => path.join(publicDir, clip.file));
    const callsToHeal = async (damage: () => Promise<void>) => {
      await prepare();
      await damage();
      const before = fake.count(CREATE);
      const result = await prepare();
      await expectConsistentCache(publicDir);
      expect(result.failedCues).toEqual([]);
      return fake.count(CREATE) - before;
    };

    it('a deleted, truncated or replaced mp3 is generated again (one call each)', async () => {
      expect(await callsToHeal(async () => unlink((await clipFiles())[0]!))).toBe(1);
      expect(await callsToHeal(async () => truncate((await clipFiles())[1]!, 500))).toBe(1);
      expect(
        await callsToHeal(async () => {
          const [a, b] = await clipFiles();
          await copyFile(a!, b!); // a valid mp3, but not this clip's
        }),
      ).toBe(1);
    });

    it('a corrupted manifest is rebuilt from the clips on disk, without a call', async () => {
      const events: PrepareEvent[] = [];
      await prepare();
      await writeFile(manifestFile(), '{"version": 1, "clips": {"trunc');
      const before = fake.count(CREATE);
      await prepare(events);
      expect(fake.count(CREATE)).toBe(before);
      expect(events.some((event) => event.type === 'manifest-problem')).toBe(true);
      const manifest = await expectConsistentCache(publicDir);
      expect(Object.keys(manifest.clips)).toHaveLength(3);
    });

    it('an entry edited by hand is measured again from its intact file; a wrong hash means a new clip', async () => {
      const edit = (change: (clip: Record<string, unknown>) => void) => async () => {
        const manifest = JSON.parse(await readFile(manifestFile(), 'utf8'));
        change(Object.values(manifest.clips)[0] as Record<string, unknown>);
        await writeFile(manifestFile(), JSON.stringify(manifest));
      };
      expect(await callsToHeal(edit((clip) => (clip.text = 'Something else.')))).toBe(0);
      expect(await callsToHeal(edit((clip) => (clip.sha256 = '0'.repeat(64))))).toBe(1);
    });
  });
});

/** After a kill the manifest may not exist yet; if it does, it must be consistent. */
const expectConsistentCacheIfPresent = async (publicDir: string) => {
  try {
    await readFile(path.join(publicDir, MANIFEST_PATH));
  } catch {
    return;
  }
  // A lock and a half-written temp file left by the killed process are expected: the next run
  // takes the lock over and removes them (the last run of the test is checked for leftovers).
  await expectConsistentCache(publicDir, {killed: true});
};

/** Whole clips on disk after any kill (files are renamed into place only when complete). */
const clipsOnRecord = async (publicDir: string): Promise<number> => {
  try {
    return (await readdir(path.join(publicDir, 'narration'))).filter((file) => file.endsWith('.mp3')).length;
  } catch {
    return 0;
  }
};
