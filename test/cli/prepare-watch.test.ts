import {spawn, type ChildProcess} from 'node:child_process';
import {mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {envFor} from '../helpers/run-command.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';

/** Generous: the machine is shared. The watcher checks for its parent every second. */
const WITHIN_MS = 30_000;

/**
 * A project as a user has it, installed the way npx finds the CLI (node_modules/.bin), that lives
 * under `<temp>/<parent>/proj`. Its entry point does not call registerRoot, so each prepare fails
 * at once and the watcher starts within seconds, without bundling or a browser.
 */
const createWatchedProject = async (parent: string) => {
  const temp = await mkdtemp(path.join(tmpdir(), 'narration-watch-cli-'));
  const root = path.join(temp, parent, 'proj');
  await mkdir(path.join(root, 'src'), {recursive: true});
  await mkdir(path.join(root, 'node_modules', '.bin'), {recursive: true});
  for (const name of await readdir(path.join(REPO_ROOT, 'node_modules'))) {
    if (name !== '.bin') await symlink(path.join(REPO_ROOT, 'node_modules', name), path.join(root, 'node_modules', name));
  }
  await symlink(path.join(REPO_ROOT, 'bin', 'remotion-narration.js'), path.join(root, 'node_modules', '.bin', 'remotion-narration'));
  await writeFile(path.join(root, 'package.json'), '{"name": "watched", "private": true}\n');
  await writeFile(path.join(root, 'src', 'index.ts'), 'export const version = 1;\n');
  await writeFile(path.join(root, 'props.json'), '{"narration": {"cues": []}}\n');
  return {root, remove: () => rm(temp, {recursive: true, force: true})};
};

/** A started process whose output (and its children's, through the inherited pipes) is collected. */
const startWatcher = (command: string, args: string[], cwd: string) => {
  const child = spawn(command, args, {cwd, env: envFor({}), stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  let listeners: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  // Both pipes close only when every process holding them (npx, its shell, the CLI) has exited.
  const closed = Promise.all([new Promise((resolve) => child.stdout!.on('close', resolve)), new Promise((resolve) => child.stderr!.on('close', resolve))]);
  const waitFor = (what: RegExp | ((text: string) => boolean), ms = WITHIN_MS) =>
    new Promise<void>((resolve, reject) => {
      const test = typeof what === 'function' ? what : (text: string) => what.test(text);
      const check = () => {
        if (!test(output)) return;
        clearTimeout(timer);
        listeners = listeners.filter((listener) => listener !== check);
        resolve();
      };
      const timer = setTimeout(() => reject(new Error(`Not seen within ${ms} ms: ${String(what)}. Output:\n${output}`)), ms);
      listeners.push(check);
      check();
    });
  return {child, waitFor, closed, output: () => output};
};

const count = (text: string, part: string) => text.split(part).length - 1;

/** Every process still running that was started for `root` (the CLI, npx's shell): ended by id. */
const killLeftovers = async (root: string) => {
  for (const pid of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(pid)) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    const state = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (cwd === root && !/\) Z /.test(state)) process.kill(Number(pid), 'SIGKILL');
  }
};

describe('prepare --watch, as started by npx', () => {
  let project: Awaited<ReturnType<typeof createWatchedProject>> | undefined;
  let started: ChildProcess | undefined;
  afterEach(async () => {
    started?.kill('SIGKILL');
    if (project) await killLeftovers(project.root);
    await project?.remove();
    project = undefined;
  });

  it('in a project under a build/ folder, sees a changed source and every save of the --props file by renaming', async () => {
    project = await createWatchedProject('build');
    const watcher = startWatcher('npx', ['remotion-narration', 'prepare', '--watch', '--props', 'props.json'], project.root);
    started = watcher.child;
    await watcher.waitFor(/Watching src\/index\.ts and what it imports/);

    await writeFile(path.join(project.root, 'src', 'index.ts'), 'export const version = 2;\n');
    await watcher.waitFor(/Changed: src\/index\.ts/);
    for (let save = 1; save <= 3; save++) {
      const temporary = path.join(project.root, `.props.json.${save}.tmp`);
      await writeFile(temporary, `{"narration": {"cues": []}, "save": ${save}}\n`);
      await rename(temporary, path.join(project.root, 'props.json'));
      await watcher.waitFor((text) => count(text, 'Changed: props.json') === save);
    }
  });

  it.each([
    ['npx', 'SIGKILL'],
    ['npx', 'SIGTERM'],
    ['node', 'SIGKILL'],
  ] as const)('stops soon after its parent (%s) is killed with %s', async (parent, signal) => {
    project = await createWatchedProject('app');
    const args = ['prepare', '--watch', '--props', 'props.json'];
    const watcher =
      parent === 'npx'
        ? startWatcher('npx', ['remotion-narration', ...args], project.root)
        : // A parent that starts the CLI itself and shares its output pipes with it.
          startWatcher(
            process.execPath,
            ['-e', `require('node:child_process').spawn(process.execPath, ${JSON.stringify([path.join(REPO_ROOT, 'bin/remotion-narration.js'), ...args])}, {stdio: 'inherit'}); setInterval(() => {}, 1000);`],
            project.root,
          );
    started = watcher.child;
    await watcher.waitFor(/Watching src\/index\.ts and what it imports/);

    watcher.child.kill(signal);
    const stopped = await Promise.race([watcher.closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), WITHIN_MS))]);
    expect(stopped, `still running ${WITHIN_MS} ms after its parent was killed. Output:\n${watcher.output()}`).toBe(true);
    expect(watcher.output()).toContain('Stopping: the process that started this watcher has exited.');
  });
});
