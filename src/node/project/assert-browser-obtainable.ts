import {existsSync} from 'node:fs';
import {lookup} from 'node:dns/promises';
import path from 'node:path';
import {InvalidInputError} from '../../core/errors.ts';
import {BROWSER_EXECUTABLE_ENV_VARIABLE} from './browser-executable.ts';

/** Where Remotion downloads its browser from (the host its download fails on when offline). */
const REMOTION_DOWNLOAD_HOST = 'remotion.media';

/**
 * With no browser configured, Remotion downloads Chrome Headless Shell into
 * `node_modules/.remotion/` on first use. When that download cannot work (no internet), Remotion
 * dies of an uncaught `getaddrinfo ENOTFOUND` that no caller can catch, with a stack trace. This
 * checks first: if Remotion has no browser of its own yet and its download host does not resolve,
 * it fails with a sentence that says what to install instead.
 * @throws InvalidInputError naming the fixes.
 */
export const assertBrowserObtainable = async ({
  projectRoot,
  chromeMode,
  lookupHost = (host) => lookup(host),
}: {
  projectRoot: string;
  chromeMode: 'headless-shell' | 'chrome-for-testing' | null;
  /** Resolves a host name or rejects; DNS by default. */
  lookupHost?: (host: string) => Promise<unknown>;
}): Promise<void> => {
  const folder = chromeMode === 'chrome-for-testing' ? 'chrome-for-testing' : 'chrome-headless-shell';
  if (existsSync(path.join(projectRoot, 'node_modules', '.remotion', folder))) {
    return;
  }
  try {
    await lookupHost(REMOTION_DOWNLOAD_HOST);
  } catch {
    throw new InvalidInputError(
      `No browser to read the compositions with: Remotion downloads one on first use, and ${REMOTION_DOWNLOAD_HOST} cannot be reached from this machine. Install one that works offline: \`npm i -D @sparticuz/chromium\` (Linux x64; prepare finds it, and \`npx remotion render\` does once remotion.config.ts calls narrationBrowserExecutable() from remotion-narration/config), or install Chrome or Chromium and set ${BROWSER_EXECUTABLE_ENV_VARIABLE} (or Config.setBrowserExecutable() in remotion.config.ts) to its path.`,
    );
  }
};
