import {spawn} from 'node:child_process';
import {readdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {expectConsistentCache} from '../helpers/expect-consistent-cache.ts';
import {envFor} from '../helpers/run-command.ts';
import {createTempProject, REPO_ROOT} from '../helpers/temp-project.ts';
import {sharedTestBundle} from '../helpers/test-bundle.ts';

// One project for the file. Its CLI runs read the Explainer from the test compositions' shared
// bundle, given as the entry point as a user gives `npx remotion bundle`'s folder: what is
// tested here starts after the compositions are read, and a bundle of its own would cost ~15 s
// of CPU cold.
let project: Awaited<ReturnType<typeof createTempProject>>;
let bundled: string[];
beforeAll(async () => {
  project = await createTempProject();
  bundled = [await sharedTestBundle(), '--composition', 'Explainer'];
});
afterAll(async () => {
  await project?.remove();
});

/** Ctrl-C and SIGTERM stop prepare cleanly: the lock is released and nothing is left half-written. */
describe('stopping prepare', () => {
  let fake: FakeUseapi;

  beforeAll(async () => {
    // Slow answers: the signal arrives while requests are in flight.
    fake = await startFakeUseapi({latencyMs: 1_500});
  });
  afterAll(async () => {
    await fake?.close();
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s releases the lock, keeps what was stored and leaves no temp file', async (signal, exitCode) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/remotion-narration.js'), 'prepare', ...bundled, '--concurrency', '2'], {
      cwd: project.root,
      env: envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      // Generation has started: requests are in flight at the fake.
      if (stdout.includes('Generating')) setTimeout(() => child.kill(signal), 300);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(exitCode);
    expect(stderr).toContain(`Stopped by ${signal}. Every clip already stored is kept; the next prepare makes the rest.`);
    expect(stderr).not.toMatch(/\n\s+at /);
    const files = await readdir(path.join(project.publicDir, 'narration'));
    expect(files.filter((file) => file.endsWith('.tmp') || file === '.prepare.lock')).toEqual([]);
    await expectConsistentCache(project.publicDir);
  }, 120_000);
});

/**
 * Ctrl-C in a long run of the offline draft voice: its synthesis is synchronous work, and the run
 * must still hear the signal between clips, stop making new ones, and keep the ones made.
 */
describe('stopping a long draft-voice prepare', () => {
  const cueCount = 300;
  const concurrency = 4;

  beforeAll(async () => {
    // A cache of its own: what the runs above stored would blur the count of clips made here.
    await rm(path.join(project.publicDir, 'narration'), {recursive: true, force: true});
    const cues = Array.from({length: cueCount}, (_, i) => ({id: `line-${i}`, text: `This is line ${i} of a long course.`}));
    await writeFile(path.join(project.root, 'long-course.json'), JSON.stringify({narration: {voice: {speakerId: 'uk_man2'}, cues}}));
  });

  it('Ctrl-C stops it within a few clips, and every clip made before is kept', async () => {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/remotion-narration.js'), 'prepare', ...bundled, '--props', 'long-course.json', '--concurrency', String(concurrency)],
      {cwd: project.root, env: envFor({}), stdio: ['ignore', 'pipe', 'pipe']},
    );
    let stdout = '';
    let stderr = '';
    let storedBeforeSignal: number | null = null;
    let signalledAtMs = 0;
    const stored = () => stdout.split('\n').filter((line) => line.trimStart().startsWith('✓')).length;
    const interrupt = () => {
      if (storedBeforeSignal !== null) return;
      storedBeforeSignal = stored();
      signalledAtMs = performance.now();
      child.kill('SIGINT');
    };
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      const starting = !stdout.includes('Generating');
      stdout += chunk;
      // A few seconds into generating, or once a few clips are stored, whichever comes first.
      if (starting && stdout.includes('Generating')) setTimeout(interrupt, 3_000);
      if (stored() >= 5) interrupt();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const stoppedAfterMs = performance.now() - signalledAtMs;
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('Stopped by SIGINT. Every clip already stored is kept; the next prepare makes the rest.');
    expect(storedBeforeSignal).not.toBeNull();
    // Only the clips already in flight were finished after Ctrl-C (2 × concurrency jobs at most).
    expect(stored() - storedBeforeSignal!).toBeLessThanOrEqual(2 * concurrency);
    expect(stored()).toBeLessThan(cueCount);
    // Generous: a few clips take well under a second each, even on a busy machine.
    expect(stoppedAfterMs).toBeLessThan(30_000);
    const manifest = await expectConsistentCache(project.publicDir);
    expect(Object.keys(manifest.clips)).toHaveLength(stored());
  }, 240_000);
});
