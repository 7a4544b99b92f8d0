import {cp, mkdir, readdir, symlink} from 'node:fs/promises';
import path from 'node:path';
import {runCommand} from './run-command.ts';
import {REPO_ROOT} from './temp-project.ts';

/**
 * `npm pack` of this repository, as a registry would get it: its prepack script builds dist/
 * (ESM and CommonJS). It runs in a copy of the sources, so that the repository's own dist/,
 * which other test files run at the same time, is not rebuilt under them.
 * @returns the tarball's path, in `destination`.
 */
export const packPackage = async ({destination}: {destination: string}): Promise<string> => {
  const copy = path.join(destination, 'package-source');
  await mkdir(copy, {recursive: true});
  // What the package is built from: its manifest, what `files` ships, and the build's inputs.
  const buildFiles = (await readdir(REPO_ROOT)).filter((name) => /^tsconfig.*\.json$/.test(name));
  for (const entry of ['package.json', 'README.md', 'bin', 'src', 'scripts', ...buildFiles]) {
    await cp(path.join(REPO_ROOT, entry), path.join(copy, entry), {recursive: true});
  }
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  const result = await runCommand('npm', ['pack', '--pack-destination', destination], {cwd: copy});
  if (result.code !== 0) {
    throw new Error(`npm pack failed (exit code ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  const tarballs = (await readdir(destination)).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) {
    throw new Error(`npm pack left ${tarballs.length} tarballs in ${destination}: ${tarballs.join(', ')}`);
  }
  return path.join(destination, tarballs[0]!);
};
