import {spawnSync} from 'node:child_process';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {InvalidInputError} from '../../src/core/errors.ts';
import {assertBrowserObtainable, remotionBrowserExecutablePath} from '../../src/node/project/assert-browser-obtainable.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';

const offline = () => Promise.reject(new Error('getaddrinfo ENOTFOUND remotion.media'));
const online = async () => ({address: '127.0.0.1'});

/** Remotion's own computation (not exported by its package), run where Remotion runs it: the working directory. */
const remotionsOwnExecutablePath = (cwd: string, chromeMode: 'headless-shell' | 'chrome-for-testing'): string => {
  const fetcher = path.join(REPO_ROOT, 'node_modules/@remotion/renderer/dist/browser/BrowserFetcher.js');
  const result = spawnSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(fetcher)}).getRevisionInfo(${JSON.stringify(chromeMode)}).executablePath)`], {
    cwd,
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return result.stdout;
};

describe('assertBrowserObtainable', () => {
  let project: string;
  let downloads: string;

  beforeEach(async () => {
    project = await mkdtemp(path.join(tmpdir(), 'browser-obtainable-'));
    await writeFile(path.join(project, 'package.json'), '{"name": "a-user-project"}');
    downloads = path.join(project, 'node_modules', '.remotion', 'chrome-headless-shell');
  });

  afterEach(async () => {
    await rm(project, {recursive: true, force: true});
  });

  it('says what to install when a browser download never finished (only its lock file is left) and the machine is offline', async () => {
    // What a failed `npx remotion compositions` leaves on an offline machine.
    await mkdir(downloads, {recursive: true});
    await writeFile(path.join(downloads, 'download.lock'), '');
    const check = assertBrowserObtainable({projectRoot: project, chromeMode: null, lookupHost: offline});
    await expect(check).rejects.toThrow(InvalidInputError);
    await expect(check).rejects.toThrow('remotion.media cannot be reached from this machine. Install one that works offline: `npm i -D @sparticuz/chromium`');
  });

  it('lets Remotion download its browser when the machine is online', async () => {
    await mkdir(downloads, {recursive: true});
    await writeFile(path.join(downloads, 'download.lock'), '');
    await expect(assertBrowserObtainable({projectRoot: project, chromeMode: null, lookupHost: online})).resolves.toBeUndefined();
  });

  it('uses a finished download without asking the network', async () => {
    const executable = remotionBrowserExecutablePath({projectRoot: project, chromeMode: 'headless-shell'})!;
    await mkdir(path.dirname(executable), {recursive: true});
    await writeFile(executable, '');
    await writeFile(path.join(downloads, 'VERSION'), '149.0.7790.0');
    const neverAsked = () => Promise.reject(new Error('the network was asked'));
    await expect(assertBrowserObtainable({projectRoot: project, chromeMode: null, lookupHost: neverAsked})).resolves.toBeUndefined();
  });

  it('counts an executable without the VERSION file Remotion writes last as a download that never finished', async () => {
    const executable = remotionBrowserExecutablePath({projectRoot: project, chromeMode: 'headless-shell'})!;
    await mkdir(path.dirname(executable), {recursive: true});
    await writeFile(executable, '');
    await expect(assertBrowserObtainable({projectRoot: project, chromeMode: null, lookupHost: offline})).rejects.toThrow(InvalidInputError);
  });

  it('looks for the Chrome for Testing download when remotion.config.ts asks for it', async () => {
    const headlessShell = remotionBrowserExecutablePath({projectRoot: project, chromeMode: 'headless-shell'})!;
    await mkdir(path.dirname(headlessShell), {recursive: true});
    await writeFile(headlessShell, '');
    await writeFile(path.join(downloads, 'VERSION'), '149.0.7790.0');
    await expect(assertBrowserObtainable({projectRoot: project, chromeMode: 'chrome-for-testing', lookupHost: offline})).rejects.toThrow(InvalidInputError);
  });
});

describe('remotionBrowserExecutablePath', () => {
  it.runIf(['linux', 'darwin', 'win32'].includes(process.platform))('is where Remotion itself looks, from the project and from a folder inside it', async () => {
    const project = await mkdtemp(path.join(tmpdir(), 'browser-path-'));
    try {
      await writeFile(path.join(project, 'package.json'), '{"name": "a-user-project"}');
      const inside = path.join(project, 'src', 'scenes');
      await mkdir(inside, {recursive: true});
      for (const cwd of [project, inside]) {
        for (const chromeMode of ['headless-shell', 'chrome-for-testing'] as const) {
          expect(remotionBrowserExecutablePath({projectRoot: cwd, chromeMode})).toBe(remotionsOwnExecutablePath(cwd, chromeMode));
        }
      }
    } finally {
      await rm(project, {recursive: true, force: true});
    }
  });

  it('knows every platform Remotion downloads a browser for', () => {
    const at = (platform: NodeJS.Platform, arch: string, chromeMode: 'headless-shell' | 'chrome-for-testing' = 'headless-shell') =>
      remotionBrowserExecutablePath({projectRoot: '/p', chromeMode, platform, arch});
    const downloads = path.join('/p', '.remotion');
    expect(at('linux', 'x64')).toBe(path.join(downloads, 'chrome-headless-shell/linux64/chrome-headless-shell-linux64/chrome-headless-shell'));
    expect(at('linux', 'arm64')).toBe(path.join(downloads, 'chrome-headless-shell/linux-arm64/chrome-headless-shell-linux-arm64/headless_shell'));
    expect(at('darwin', 'arm64')).toBe(path.join(downloads, 'chrome-headless-shell/mac-arm64/chrome-headless-shell-mac-arm64/chrome-headless-shell'));
    expect(at('win32', 'x64')).toBe(path.join(downloads, 'chrome-headless-shell/win64/chrome-headless-shell-win64/chrome-headless-shell.exe'));
    expect(at('darwin', 'x64', 'chrome-for-testing')).toBe(
      path.join(downloads, 'chrome-for-testing/mac-x64/chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing'),
    );
    expect(at('freebsd', 'x64')).toBeNull();
  });
});
