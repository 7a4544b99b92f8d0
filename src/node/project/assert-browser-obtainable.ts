import {existsSync, readFileSync, statSync} from 'node:fs';
import {lookup} from 'node:dns/promises';
import path from 'node:path';
import {InvalidInputError} from '../../core/errors.ts';
import {BROWSER_EXECUTABLE_ENV_VARIABLE} from './browser-executable.ts';

/** Where Remotion downloads its browser from (the host its download fails on when offline). */
const REMOTION_DOWNLOAD_HOST = 'remotion.media';

type ChromeMode = 'headless-shell' | 'chrome-for-testing';

/**
 * With no browser configured, Remotion downloads Chrome Headless Shell into
 * `node_modules/.remotion/` on first use. When that download cannot work (no internet), Remotion
 * dies of an uncaught `getaddrinfo ENOTFOUND` that no caller can catch, with a stack trace. This
 * checks first: if Remotion has no complete browser of its own yet (a download that never
 * finished leaves the folder with only a lock file) and its download host does not resolve, it
 * fails with a sentence that says what to install instead.
 * @throws InvalidInputError naming the fixes.
 */
export const assertBrowserObtainable = async ({
  projectRoot,
  chromeMode,
  lookupHost = (host) => lookup(host),
}: {
  projectRoot: string;
  chromeMode: ChromeMode | null;
  /** Resolves a host name or rejects; DNS by default. */
  lookupHost?: (host: string) => Promise<unknown>;
}): Promise<void> => {
  if (hasDownloadedBrowser({projectRoot, chromeMode: chromeMode ?? 'headless-shell'})) {
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

/**
 * Whether Remotion would find its own browser without downloading: the executable exists, and so
 * does the VERSION file Remotion writes only once a download is unpacked. A browser of another
 * version (after a Remotion upgrade) counts as present: Remotion then downloads again, but the
 * version it expects is not part of its public API.
 */
const hasDownloadedBrowser = ({projectRoot, chromeMode}: {projectRoot: string; chromeMode: ChromeMode}): boolean => {
  const executable = remotionBrowserExecutablePath({projectRoot, chromeMode});
  if (executable === null || !existsSync(executable)) {
    return false;
  }
  try {
    return readFileSync(path.join(remotionDownloadsFolder({projectRoot, chromeMode}), 'VERSION'), 'utf8').trim() !== '';
  } catch {
    return false;
  }
};

/**
 * The path of the browser Remotion downloads, computed as @remotion/renderer 4.0.529 does
 * (dist/browser/get-download-destination.js and BrowserFetcher.js, which its public API does not
 * export), starting from `projectRoot` where Remotion starts from the working directory (prepare's
 * CLI runs there). Null on a platform Remotion has no browser for. A test compares it with
 * Remotion's own function.
 */
export const remotionBrowserExecutablePath = ({
  projectRoot,
  chromeMode,
  platform = process.platform,
  arch = process.arch,
}: {
  projectRoot: string;
  chromeMode: ChromeMode;
  platform?: NodeJS.Platform;
  arch?: string;
}): string | null => {
  const folder = remotionPlatformFolder({platform, arch});
  if (folder === null) {
    return null;
  }
  const platformFolder = path.join(remotionDownloadsFolder({projectRoot, chromeMode}), folder);
  if (chromeMode === 'chrome-for-testing') {
    if (folder === 'mac-arm64' || folder === 'mac-x64') {
      return path.join(platformFolder, `chrome-${folder}`, 'Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing');
    }
    return folder === 'win64' ? path.join(platformFolder, 'chrome-win64', 'chrome.exe') : path.join(platformFolder, 'chrome-linux64', 'chrome');
  }
  const executable =
    folder === 'win64' ? 'chrome-headless-shell.exe' : folder === 'linux-arm64' || isAmazonLinux2023(platform) ? 'headless_shell' : 'chrome-headless-shell';
  return path.join(platformFolder, `chrome-headless-shell-${folder}`, executable);
};

/** Remotion's name for the platform (`getPlatform()`), or null where it has no browser. */
const remotionPlatformFolder = ({platform, arch}: {platform: NodeJS.Platform; arch: string}): string | null => {
  switch (platform) {
    case 'darwin':
      return arch === 'arm64' ? 'mac-arm64' : 'mac-x64';
    case 'linux':
      return arch === 'arm64' ? 'linux-arm64' : 'linux64';
    case 'win32':
      return 'win64';
    default:
      return null;
  }
};

/** `<nearest folder with a package.json>/node_modules/.remotion/<mode folder>`, as `getDownloadsCacheDir()`. */
const remotionDownloadsFolder = ({projectRoot, chromeMode}: {projectRoot: string; chromeMode: ChromeMode}): string => {
  const start = path.resolve(projectRoot);
  const packageFolder = nearestPackageFolder(start);
  const cacheFolder =
    packageFolder === null
      ? path.join(start, '.remotion')
      : process.versions.pnp === '1'
        ? path.join(packageFolder, '.pnp', '.remotion')
        : process.versions.pnp === '3'
          ? path.join(packageFolder, '.yarn', '.remotion')
          : path.join(packageFolder, 'node_modules', '.remotion');
  return path.join(cacheFolder, chromeMode === 'headless-shell' ? 'chrome-headless-shell' : 'chrome-for-testing');
};

const nearestPackageFolder = (start: string): string | null => {
  for (let folder = start; ; folder = path.dirname(folder)) {
    try {
      if (statSync(path.join(folder, 'package.json')).isFile()) {
        return folder;
      }
    } catch {
      // No package.json here: look in the parent.
    }
    if (path.dirname(folder) === folder) {
      return null;
    }
  }
};

/** Remotion's browser for Amazon Linux 2023 names its executable differently. */
const isAmazonLinux2023 = (platform: NodeJS.Platform): boolean => {
  if (platform !== 'linux') {
    return false;
  }
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    return osRelease.includes('Amazon Linux') && osRelease.includes('VERSION="2023"');
  } catch {
    return false;
  }
};
