import {spawn} from 'node:child_process';
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {Narration} from '../../src/core/narration-schema.ts';
import {prepareNarration, type PrepareResult} from '../../src/node/prepare/prepare-narration.ts';
import {createDraftVoiceProvider} from '../../src/node/providers/draft-voice/create-draft-voice-provider.ts';
import type {SpeechProvider} from '../../src/node/providers/speech-provider.ts';
import {expectConsistentCache} from '../helpers/expect-consistent-cache.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';
import type {DraftWorkerInput} from './draft-prepare-worker.ts';

/** A course of short cues (about 50 ms of CPU each on an idle machine). */
const courseOf = (count: number) => {
  const cues: Narration['cues'] = Array.from({length: count}, (_, i) => ({id: `line-${i}`, text: `This is line ${i} of the course.`}));
  return [{id: 'Course', narration: {voice: {speakerId: 'uk_man2'}, cues}}];
};
/** Longer than two lease lengths of synthesis even on an idle machine. */
const longCourse = courseOf(240);
const CONCURRENCY = 2;
/**
 * A shorter lease than the default, so that a stall of the draft voice loses the lock within the
 * test (the old pipeline ran every synthesis back to back: the whole run without a renewal), yet
 * 20 renewals long: on a machine so busy that one step of the draft voice takes a second, the
 * lock is still renewed in time.
 */
const lease = {renewEveryMs: 150, expiresAfterMs: 3_000};

const startWorker = (input: DraftWorkerInput, onLine: (line: string) => void) => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/prepare/draft-prepare-worker.ts'), JSON.stringify(input)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) onLine(line);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const done = new Promise<{code: number | null; signal: NodeJS.Signals | null; stderr: string}>((resolve) =>
    child.on('close', (code, signal) => resolve({code, signal, stderr})),
  );
  return {child, done};
};

/** The real draft voice, counting its syntheses. */
const countingDraftVoice = () => {
  const draftVoice = createDraftVoiceProvider();
  const counter = {syntheses: 0};
  const provider: SpeechProvider = {
    ...draftVoice,
    synthesize: async (request, options) => {
      const result = await draftVoice.synthesize(request, options);
      counter.syntheses++;
      return result;
    },
  };
  return {provider, counter};
};

const clipFiles = async (publicDir: string) => (await readdir(path.join(publicDir, 'narration'))).filter((file) => file.endsWith('.mp3'));

describe('a long draft prepare', () => {
  let publicDir: string;
  const children: ReturnType<typeof startWorker>[] = [];
  beforeEach(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-long-draft-'));
  });
  afterEach(async () => {
    for (const {child} of children.splice(0)) child.kill('SIGKILL');
    await rm(publicDir, {recursive: true, force: true});
  });

  it('keeps its lock from a second prepare, which waits and makes nothing, and stores each clip as it is made (kill -9 keeps them)', async () => {
    const {provider, counter} = countingDraftVoice();
    const stopSecond = new AbortController();
    let second: Promise<unknown> | null = null;
    let secondWaitingSinceMs: number | null = null;
    let synthesizedByFirst = 0;
    let synthesizedAtKill = 0;

    const first = startWorker({publicDir, compositions: longCourse, concurrency: CONCURRENCY, lease}, (line) => {
      if (line.startsWith('start')) {
        // The first one holds the lock and has planned its work: the second one comes now.
        second = prepareNarration({
          compositions: longCourse,
          provider,
          publicDir,
          concurrency: CONCURRENCY,
          lease,
          signal: stopSecond.signal,
          onEvent: (event) => {
            if (event.type === 'waiting-for-lock') secondWaitingSinceMs = performance.now();
          },
        }).catch((error: unknown) => error);
      }
      if (line !== 'synthesized') return;
      synthesizedByFirst++;
      // Mid-run, once the second one has waited half a lease length more than a lock that is no
      // longer renewed would have lasted: it gives up, the first is killed.
      if (secondWaitingSinceMs !== null && performance.now() - secondWaitingSinceMs > 1.5 * lease.expiresAfterMs && synthesizedAtKill === 0) {
        synthesizedAtKill = synthesizedByFirst;
        stopSecond.abort(new Error('waited long enough'));
        first.child.kill('SIGKILL');
      }
    });
    children.push(first);

    const ended = await first.done;
    expect(ended.signal, `the first prepare ended before the test could kill it: ${ended.stderr}`).toBe('SIGKILL');
    // The second one waited the whole time: it never took the lock over from a living prepare.
    expect(await second).toEqual(new Error('waited long enough'));
    expect(counter.syntheses).toBe(0);
    // Each clip was stored as it was made: at most the jobs in flight (2 × concurrency) were lost.
    expect(synthesizedAtKill).toBeGreaterThan(0);
    expect((await clipFiles(publicDir)).length).toBeGreaterThanOrEqual(synthesizedAtKill - 2 * CONCURRENCY);
  }, 300_000);

  it('killed with -9 mid-run, keeps the clips it made, and the next prepare makes only the rest', async () => {
    const count = 30;
    const killAfter = 12;
    const course = courseOf(count);
    let synthesized = 0;
    const first = startWorker({publicDir, compositions: course, concurrency: CONCURRENCY}, (line) => {
      if (line === 'synthesized' && ++synthesized === killAfter) first.child.kill('SIGKILL');
    });
    children.push(first);
    expect((await first.done).signal).toBe('SIGKILL');
    const kept = (await clipFiles(publicDir)).length;
    expect(kept).toBeGreaterThanOrEqual(killAfter - 2 * CONCURRENCY);

    // The dead holder's lock is taken over at once; the clips on disk are adopted without a request.
    const {provider, counter} = countingDraftVoice();
    const result = await prepareNarration({compositions: course, provider, publicDir, concurrency: CONCURRENCY});
    expect(result.failedCues).toEqual([]);
    expect(counter.syntheses).toBe(count - kept);
    expect(result.generatedClips).toBe(count - kept);
    const manifest = await expectConsistentCache(publicDir);
    expect(Object.keys(manifest.clips)).toHaveLength(count);
  }, 300_000);
});
