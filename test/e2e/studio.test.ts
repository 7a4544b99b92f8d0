import {spawn, type ChildProcess} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import path from 'node:path';
import {chromium, type Browser, type Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {narrationBrowserExecutable} from '../../src/node/project/browser-executable.ts';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {envFor} from '../helpers/run-command.ts';
import {createTempProject, REPO_ROOT} from '../helpers/temp-project.ts';

const {narration} = explainerDefaultProps;
/** A paragraph cue is several clips: the example's cues make this many. */
const clipCount = narration.cues.reduce((sum, cue) => sum + clipRequestsForCue({narration, cue, provider: 'kling'}).length, 0);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
  });

/** A long-running child whose output can be awaited line by line. */
const startProcess = (command: string, args: string[], options: {cwd: string; env: NodeJS.ProcessEnv}) => {
  const child = spawn(command, args, {...options, stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  const waiters: {pattern: RegExp; from: number; resolve: (at: number) => void}[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(output.slice(waiter.from))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(performance.now());
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    child,
    output: () => output,
    mark: () => output.length,
    /** Resolves with the time `pattern` appeared in the output after `from`. */
    waitFor: (pattern: RegExp, from = 0, timeoutMs = 120_000) =>
      new Promise<number>((resolve, reject) => {
        if (pattern.test(output.slice(from))) return resolve(performance.now());
        const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${pattern} in:\n${output.slice(from)}`)), timeoutMs);
        waiters.push({pattern, from, resolve: (at) => (clearTimeout(timer), resolve(at))});
      }),
  };
};

const stop = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });

describe('Remotion Studio with prepare --watch', () => {
  let fake: FakeUseapi;
  let project: Awaited<ReturnType<typeof createTempProject>>;
  let studio: ReturnType<typeof startProcess>;
  let watcher: ReturnType<typeof startProcess> | undefined;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fake = await startFakeUseapi();
    project = await createTempProject();
    const port = await freePort();
    studio = startProcess(path.join(REPO_ROOT, 'node_modules/.bin/remotion'), ['studio', `--port=${port}`, '--no-open'], {cwd: project.root, env: envFor({})});
    await studio.waitFor(/Built in/);
    browser = await chromium.launch({executablePath: narrationBrowserExecutable()!, args: ['--no-sandbox', '--disable-gpu']});
    page = await browser.newPage({viewport: {width: 1400, height: 900}});
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/Explainer`);
    await page.getByText('Narration as a build step').first().waitFor({timeout: 60_000});
  });

  afterAll(async () => {
    await browser?.close();
    await stop(watcher?.child);
    await stop(studio?.child);
    await fake?.close();
    await project?.remove();
  });

  it('shows a cue without audio with an estimated length and a visible flag, without crashing', async () => {
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight'); // 2 s in: inside the first cue
    await page.getByText('Narration cue "intro": not generated yet').waitFor({timeout: 20_000});
    expect(pageErrors).toEqual([]);
  });

  it('picks up the audio prepare --watch makes, and a changed line within seconds of saving it', async () => {
    watcher = startProcess(process.execPath, [path.join(REPO_ROOT, 'bin/remotion-narration.js'), 'prepare', '--watch'], {
      cwd: project.root,
      env: envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl}),
    });
    await watcher.waitFor(/Watching compositions for changes/);
    // The Studio re-reads the manifest by itself: the flag goes away without a reload.
    await page.getByText('not generated yet').first().waitFor({state: 'detached', timeout: 30_000});

    const propsFile = path.join(project.root, 'compositions/explainer-default-props.ts');
    const source = await readFile(propsFile, 'utf8');
    const mark = watcher.mark();
    const savedAt = performance.now();
    await writeFile(propsFile, source.replace('This video narrates itself.', 'This video narrates itself, again.'));
    const readyAt = await watcher.waitFor(/✓ Explainer\/intro/, mark);
    console.log(`From saving a changed cue to its audio being ready: ${((readyAt - savedAt) / 1000).toFixed(1)} s`);
    expect(fake.count('/v1/kling/tts/create')).toBe(clipCount + 1); // every clip at first, then only the changed line

    await page.getByText('This video narrates itself, again.').first().waitFor({timeout: 30_000});
    await page.getByText('not generated yet').first().waitFor({state: 'detached', timeout: 30_000});
    expect(pageErrors).toEqual([]);
  });
});
