import {createHash} from 'node:crypto';
import {cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {isProcessAlive as isAlive} from '../../src/node/is-process-alive.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type TempProject = {root: string; publicDir: string; remove: () => Promise<void>};

/**
 * A copy of this repository's Remotion project (compositions, remotion.config.ts) in a temp
 * folder, sharing src/ and node_modules/ through symlinks, with its own public/ (the example's
 * music, no narration).
 * Tests prepare and render there without touching the repository's public/.
 */
export const createTempProject = async (): Promise<TempProject> => {
  const root = await mkdtemp(path.join(tmpdir(), 'narration-project-'));
  await fillProject(root);
  return {root, publicDir: path.join(root, 'public'), remove: () => rm(root, {recursive: true, force: true})};
};

/**
 * `createTempProject` at the same path on every run from this checkout (`name` tells the users
 * apart), unless another live process holds it (then a fresh temp project). The CLI's bundles are
 * cached by webpack under node_modules/.cache per project path: at a path that stays the same, a
 * project's first bundle of a run is warm (~2 s of CPU instead of ~15 s) and no new cache entry
 * (~170 MB) is left behind by each run.
 */
export const createReusedTempProject = async (name: string): Promise<TempProject> => {
  const checkout = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 8);
  const root = path.join(tmpdir(), `narration-project-${name}-${checkout}`);
  const lock = `${root}.lock`;
  if (!(await takeLock(lock))) return createTempProject();
  await rm(root, {recursive: true, force: true});
  await fillProject(root);
  return {
    root,
    publicDir: path.join(root, 'public'),
    remove: async () => {
      await rm(root, {recursive: true, force: true});
      await rm(lock, {recursive: true, force: true});
    },
  };
};

/** Takes `lock` (a folder holding the owner's pid), from a dead owner too. False while a live process holds it. */
const takeLock = async (lock: string): Promise<boolean> => {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await mkdir(lock);
      await writeFile(path.join(lock, 'pid'), String(process.pid));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(path.join(lock, 'pid'), 'utf8').catch(() => ''));
      // No pid yet: its owner is between mkdir and writeFile.
      if (!owner || isAlive(owner)) return false;
      await rm(lock, {recursive: true, force: true});
    }
  }
  return false;
};


const fillProject = async (root: string): Promise<void> => {
  await cp(path.join(REPO_ROOT, 'compositions'), path.join(root, 'compositions'), {recursive: true});
  await cp(path.join(REPO_ROOT, 'remotion.config.ts'), path.join(root, 'remotion.config.ts'));
  // The example's music; the narration cache starts empty.
  await cp(path.join(REPO_ROOT, 'public', 'music'), path.join(root, 'public', 'music'), {recursive: true});
  for (const shared of ['src', 'node_modules', 'package.json', 'tsconfig.json']) {
    await symlink(path.join(REPO_ROOT, shared), path.join(root, shared));
  }
};
