import {spawn} from 'node:child_process';
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {expectConsistentCache} from '../helpers/expect-consistent-cache.ts';
import {envFor} from '../helpers/run-command.ts';
import {createTempProject, REPO_ROOT} from '../helpers/temp-project.ts';

/** Ctrl-C and SIGTERM stop prepare cleanly: the lock is released and nothing is left half-written. */
describe('stopping prepare', () => {
  let fake: FakeUseapi;
  let project: Awaited<ReturnType<typeof createTempProject>>;

  beforeAll(async () => {
    // Slow answers: the signal arrives while requests are in flight.
    fake = await startFakeUseapi({latencyMs: 1_500});
    project = await createTempProject();
  });
  afterAll(async () => {
    await fake?.close();
    await project?.remove();
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s releases the lock, keeps what was stored and leaves no temp file', async (signal, exitCode) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/remotion-narration.js'), 'prepare', '--concurrency', '2'], {
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
