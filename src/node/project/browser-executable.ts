import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {InvalidInputError} from '../../core/errors.ts';

/** The optional peer dependency that ships a headless Chromium inside an npm package (Linux x64). */
const SPARTICUZ_CHROMIUM = '@sparticuz/chromium';

/** Environment variable naming a Chrome/Chromium to use instead of the bundled one. */
export const BROWSER_EXECUTABLE_ENV_VARIABLE = 'REMOTION_BROWSER_EXECUTABLE';

/**
 * The headless Chromium for prepare and renders, for machines where Remotion's own browser
 * download cannot work (no internet, CI images):
 * 1. `REMOTION_BROWSER_EXECUTABLE`, when set (your own Chrome or Chromium);
 * 2. on Linux x64, when the project has the optional `@sparticuz/chromium` package installed, the
 *    Chromium shipped inside it, unpacked once to the temp folder (~2 s);
 * 3. otherwise null: Remotion finds or downloads its Chrome Headless Shell as usual (prepare says
 *    what to install when that download cannot work).
 *
 * Synchronous, because remotion.config.ts runs synchronously:
 * `Config.setBrowserExecutable(narrationBrowserExecutable())`. A browser set in
 * remotion.config.ts by other means is used by prepare as well.
 */
export const narrationBrowserExecutable = ({
  env = process.env,
  projectRoot = process.cwd(),
}: {
  env?: NodeJS.ProcessEnv;
  /** Where `@sparticuz/chromium` is looked for. Default: the working directory, where remotion.config.ts runs. */
  projectRoot?: string;
} = {}): string | null => {
  const fromEnv = env[BROWSER_EXECUTABLE_ENV_VARIABLE];
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new InvalidInputError(
        `${BROWSER_EXECUTABLE_ENV_VARIABLE} is set to "${fromEnv}", but there is no file there. Point it at a Chrome or Chromium executable, or unset it to use the bundled Chromium.`,
      );
    }
    return fromEnv;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64' || !isInstalled(SPARTICUZ_CHROMIUM, projectRoot)) {
    return null;
  }
  // Where @sparticuz/chromium unpacks its browser; it skips the work when the file exists.
  const unpacked = path.join(tmpdir(), 'chromium');
  if (existsSync(unpacked)) {
    return unpacked;
  }
  // Unpacking is asynchronous in the package; run it in a child process to stay synchronous.
  const result = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', 'const {default: chromium} = await import("@sparticuz/chromium"); process.stdout.write(await chromium.executablePath());'],
    // From the project root (remotion.config.ts runs there), where npm installs the package.
    {cwd: projectRoot, encoding: 'utf8'},
  );
  if (result.status !== 0 || !result.stdout || !existsSync(result.stdout)) {
    throw new InvalidInputError(
      `Could not unpack the bundled Chromium (@sparticuz/chromium, resolved from ${projectRoot}): ${(result.stderr || result.error?.message || 'no output').trim().split('\n').pop()}. Reinstall @sparticuz/chromium, or install Chrome or Chromium and set ${BROWSER_EXECUTABLE_ENV_VARIABLE} to its path.`,
    );
  }
  return result.stdout;
};


const isInstalled = (packageName: string, projectRoot: string): boolean => {
  try {
    createRequire(path.join(projectRoot, 'package.json')).resolve(packageName);
    return true;
  } catch {
    return false;
  }
};
