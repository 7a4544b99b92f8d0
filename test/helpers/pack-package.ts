import {existsSync} from 'node:fs';
import {cp, mkdir, readdir} from 'node:fs/promises';
import path from 'node:path';
import {runCommand} from './run-command.ts';
import {REPO_ROOT} from './temp-project.ts';

/**
 * `npm pack` of this repository, as a registry would get it, from the dist/ that `npm test`
 * builds before any test runs (`npm run build`, which is also what the prepack script runs): the
 * CLI tests run that dist/ too, and building it again here cost ~8 s of CPU. The pack runs in a
 * copy of what `files` ships, so nothing in the repository changes under the other test files.
 * @returns the tarball's path, in `destination`.
 */
export const packPackage = async ({destination}: {destination: string}): Promise<string> => {
  if (!existsSync(path.join(REPO_ROOT, 'dist/index.js')) || !existsSync(path.join(REPO_ROOT, 'dist/cjs/index.js'))) {
    throw new Error('dist/ is not built: run `npm run build` first (`npm test` does).');
  }
  const copy = path.join(destination, 'package-source');
  await mkdir(copy, {recursive: true});
  for (const entry of ['package.json', 'README.md', 'bin', 'dist']) {
    await cp(path.join(REPO_ROOT, entry), path.join(copy, entry), {recursive: true});
  }
  const result = await runCommand('npm', ['pack', '--ignore-scripts', '--pack-destination', destination], {cwd: copy});
  if (result.code !== 0) {
    throw new Error(`npm pack failed (exit code ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  const tarballs = (await readdir(destination)).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) {
    throw new Error(`npm pack left ${tarballs.length} tarballs in ${destination}: ${tarballs.join(', ')}`);
  }
  return path.join(destination, tarballs[0]!);
};
