import {existsSync} from 'node:fs';
import {copyFile, link, mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {bundle} from '@remotion/bundler';
import {inject} from 'vitest';
import {REPO_ROOT} from './temp-project.ts';

/** The test compositions: the example's Root and the compositions tests add (see TestRoot.tsx). */
export const TEST_ENTRY_POINT = path.join(REPO_ROOT, 'test/helpers/compositions/index.ts');

/** How long a test file waits for another one to finish the bundle. A cold bundle takes ~15 s of CPU. */
const BUNDLE_WAIT_MS = 10 * 60_000;
const POLL_MS = 200;

let built: Promise<string> | undefined;

/**
 * The folder of the test compositions' bundle, made once per test run by whichever test file
 * asks first (the others wait for it): bundling takes ~15 s of CPU cold, so one bundle is shared
 * instead of one per test project. Webpack's cache keeps later runs warm (~2 s): its entry
 * point is at the same path every time. Read-only: serve it with `serveTestBundle`.
 */
export const sharedTestBundle = (): Promise<string> => {
  built ??= buildOnce();
  return built;
};

const buildOnce = async (): Promise<string> => {
  const runDir = inject('testRunDir');
  const done = path.join(runDir, 'bundle');
  const failed = path.join(runDir, 'bundle.error');
  try {
    await mkdir(path.join(runDir, 'bundle.lock'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return waitForBundle({done, failed});
  }
  try {
    // The bundle's own public folder stays empty: each test serves its project's public/.
    const emptyPublic = await mkdtemp(path.join(runDir, 'empty-public-'));
    const partial = path.join(runDir, 'bundle.partial');
    await bundle({entryPoint: TEST_ENTRY_POINT, publicDir: emptyPublic, symlinkPublicDir: true, outDir: partial});
    await rename(partial, done);
    return done;
  } catch (error) {
    await writeFile(failed, (error as Error).stack ?? String(error));
    throw error;
  }
};

const waitForBundle = async ({done, failed}: {done: string; failed: string}): Promise<string> => {
  const deadline = Date.now() + BUNDLE_WAIT_MS;
  while (Date.now() < deadline) {
    if (existsSync(done)) return done;
    if (existsSync(failed)) throw new Error(`Another test file failed to bundle the test compositions:\n${await readFile(failed, 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`Waited ${BUNDLE_WAIT_MS / 1000} s for another test file to bundle the test compositions.`);
};

/**
 * A serve URL of the shared test bundle (see `sharedTestBundle`) whose public folder is
 * `publicDir` (made if missing): a folder of hard links to the bundle's files (Remotion's file server refuses
 * symlinked files) and a `public` link to `publicDir`, laid out as `bundle({symlinkPublicDir:
 * true})` lays out its own. Cheap (~50 links); remove it when done.
 */
export const serveTestBundle = async ({publicDir, folder}: {publicDir: string; folder: string}): Promise<{serveUrl: string; remove: () => Promise<void>}> => {
  const shared = await sharedTestBundle();
  await mkdir(folder, {recursive: true});
  const serveUrl = await mkdtemp(path.join(folder, 'bundle-'));
  for (const entry of await readdir(shared)) {
    if (entry === 'public') continue;
    const from = path.join(shared, entry);
    const to = path.join(serveUrl, entry);
    await link(from, to).catch((error: NodeJS.ErrnoException) => {
      // Another file system: a copy.
      if (error.code !== 'EXDEV') throw error;
      return copyFile(from, to);
    });
  }
  await mkdir(publicDir, {recursive: true});
  await symlink(publicDir, path.join(serveUrl, 'public'));
  return {serveUrl, remove: () => rm(serveUrl, {recursive: true, force: true})};
};
