import {cp, mkdtemp, rm, symlink} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A copy of this repository's Remotion project (compositions, remotion.config.ts) in a temp
 * folder, sharing src/ and node_modules/ through symlinks, with its own public/ (the example's
 * music, no narration).
 * Tests prepare and render there without touching the repository's public/.
 */
export const createTempProject = async (): Promise<{root: string; publicDir: string; remove: () => Promise<void>}> => {
  const root = await mkdtemp(path.join(tmpdir(), 'narration-project-'));
  await cp(path.join(REPO_ROOT, 'compositions'), path.join(root, 'compositions'), {recursive: true});
  await cp(path.join(REPO_ROOT, 'remotion.config.ts'), path.join(root, 'remotion.config.ts'));
  // The example's music; the narration cache starts empty.
  await cp(path.join(REPO_ROOT, 'public', 'music'), path.join(root, 'public', 'music'), {recursive: true});
  for (const shared of ['src', 'node_modules', 'package.json', 'tsconfig.json']) {
    await symlink(path.join(REPO_ROOT, shared), path.join(root, shared));
  }
  return {root, publicDir: path.join(root, 'public'), remove: () => rm(root, {recursive: true, force: true})};
};
