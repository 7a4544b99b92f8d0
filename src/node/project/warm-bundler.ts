import {createHash} from 'node:crypto';
import {mkdtemp, readFile, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {bundle, BundlerInternals, webpack, type WebpackConfiguration} from '@remotion/bundler';
import type {BundlingOptions} from './load-remotion-config.ts';
import {withErrorsOnlyStats} from './with-errors-only-stats.ts';

export type WarmBundler = {
  /** A site as `npx remotion bundle` makes it (index.html, bundle.js, public/ linked), kept up to date. */
  site: string;
  /**
   * Runs `read` (which loads the site in a browser) with the site's files left alone: a rebuild
   * that finishes meanwhile writes its files after it.
   */
  whileReading: <T>(read: () => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};

/** The project's own files among `files` (not node_modules) modified after `sinceMs`. */
const savedSince = async (files: string[], sinceMs: number): Promise<string[]> => {
  const own = files.filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`));
  const modified = await Promise.all(
    own.map(async (file) => {
      const stats = await stat(file).catch(() => null);
      return stats !== null && stats.isFile() && stats.mtimeMs >= sinceMs;
    }),
  );
  return own.filter((_, index) => modified[index]);
};

/** What Remotion names the script of a bundled site (`NoReactInternals.bundleName`). */
const BUNDLE_SCRIPT = 'bundle.js';

/**
 * The project bundled once, as `bundle()` does (with remotion.config.ts's webpack override), then
 * kept up to date by webpack in watch mode: a saved source is rebuilt from memory in a fraction of
 * a second, instead of a whole bundle from the disk cache for every change. `onRebuilt` is called
 * after each rebuild that changed the site's script (a save that changes nothing is not a change),
 * or with the error of one that failed (a syntax error while typing): the site keeps its last
 * good script then.
 *
 * The site is written by Remotion's own `bundle()` first, so that its index.html is Remotion's;
 * the watch compiler uses the same webpack configuration (Remotion's `getConfig`) and writes only
 * the scripts.
 */
export const openWarmBundler = async ({
  projectRoot,
  entryPoint,
  publicDir,
  bundling,
  onBundleProgress,
  onRebuilt,
}: {
  projectRoot: string;
  entryPoint: string;
  publicDir: string;
  bundling: BundlingOptions;
  onBundleProgress?: (progress: number) => void;
  onRebuilt: (outcome: {error: Error | null; files: string[]}) => void;
}): Promise<WarmBundler> => {
  const site = await mkdtemp(path.join(tmpdir(), 'remotion-narration-site-'));
  let watching: ReturnType<webpack.Compiler['watch']> | null = null;
  try {
    const bundledAt = Date.now();
    await withErrorsOnlyStats(() => bundle({...bundling, entryPoint, outDir: site, publicDir, symlinkPublicDir: true, onProgress: onBundleProgress, rootDir: projectRoot}));
    const scriptHash = async () => createHash('sha256').update(await readFile(path.join(site, BUNDLE_SCRIPT))).digest('hex');
    let lastScript: string | null = null;

    // Reads and writes of the site's files take turns: a browser never loads a half-written script.
    let readers = 0;
    let readersDone: (() => void) | null = null;
    let noReaders: Promise<void> = Promise.resolve();

    const [, config] = (await BundlerInternals.getConfig({
      outDir: site,
      entryPoint,
      resolvedRemotionRoot: projectRoot,
      onProgress: () => undefined,
      options: {
        ...bundling,
        webpackOverride: bundling.webpackOverride ?? ((c) => c),
        enableCaching: bundling.enableCaching ?? true,
        rspack: false,
        // getConfig reads only the options above (the others are for writing the site).
      } as Parameters<typeof BundlerInternals.getConfig>[0]['options'],
    })) as [string, WebpackConfiguration];
    // Rebuilt from memory only, without source maps (prepare prints messages, not stack traces) and
    // without production's whole-bundle optimizations (scope hoisting, tree shaking), which change
    // what is loaded, not what it does: a one-line edit rebuilds in ~170 ms instead of ~500 ms. A
    // cache of its own keeps the disk cache that bundle() and `npx remotion render` share for their
    // configuration alone (Remotion clears a cache made with another configuration).
    const compiler = webpack({
      ...config,
      devtool: false,
      cache: {type: 'memory'},
      optimization: {
        ...config.optimization,
        concatenateModules: false,
        usedExports: false,
        providedExports: false,
        innerGraph: false,
        mangleExports: false,
        sideEffects: false,
        realContentHash: false,
        moduleIds: 'natural',
        chunkIds: 'natural',
      },
    });
    compiler.hooks.emit.tapPromise('remotion-narration', () => noReaders);
    // The project's parents are watched by webpack for files that might appear there (a
    // package.json): a temp folder beside the project is not a reason to rebuild.
    const ancestors: string[] = [];
    for (let folder = path.dirname(projectRoot); ; folder = path.dirname(folder)) {
      ancestors.push(folder);
      if (folder === path.dirname(folder)) break;
    }
    const asPattern = (file: string) => file.replace(/\\/g, '/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Matched by watchpack against paths written with forward slashes.
    const ignored = new RegExp(`^(?:${ancestors.map(asPattern).join('|')})$|/node_modules/|^${asPattern(publicDir)}/`);
    const isIgnored = (file: string) => ignored.test(file.replace(/\\/g, '/'));
    // What the bundle was made of at its last build: a change elsewhere (a folder webpack watched
    // while resolving, such as the parent of the project) is not a change of the project.
    let dependencies = new Set<string>();
    /** The files the bundle uses whose change started this rebuild. */
    let files: string[] = [];
    compiler.hooks.watchRun.tap('remotion-narration', (watched) => {
      files = [...(watched.modifiedFiles ?? []), ...(watched.removedFiles ?? [])].filter((file) => dependencies.has(file) && !isIgnored(file));
    });
    watching = compiler.watch({aggregateTimeout: 20, ignored}, (error, stats) => {
      const compilation = stats?.compilation;
      if (compilation) dependencies = new Set([...compilation.fileDependencies, ...compilation.missingDependencies]);
      const failure = error ?? (stats?.hasErrors() ? new Error(stats.toJson({all: false, errors: true}).errors?.[0]?.message ?? 'The bundle failed.') : null);
      if (failure) {
        onRebuilt({error: failure, files});
        return;
      }
      void scriptHash().then(async (hash) => {
        const first = lastScript === null;
        const changed = hash !== lastScript;
        lastScript = hash;
        if (first) {
          // The watch compiler's first build is the state bundle() read, unless a source was saved meanwhile.
          const saved = await savedSince([...(compilation?.fileDependencies ?? [])].filter((file) => !isIgnored(file)), bundledAt);
          if (saved.length > 0) onRebuilt({error: null, files: saved});
        } else if (changed && files.length > 0) {
          // A save that leaves the script as it was (a comment, a blank line) changes nothing.
          onRebuilt({error: null, files});
        }
      });
    });

    return {
      site,
      whileReading: async (read) => {
        if (readers++ === 0) noReaders = new Promise((resolve) => (readersDone = resolve));
        try {
          return await read();
        } finally {
          if (--readers === 0) readersDone?.();
        }
      },
      close: async () => {
        await new Promise<void>((resolve) => (watching ? watching.close(() => resolve()) : resolve()));
        await rm(site, {recursive: true, force: true});
      },
    };
  } catch (error) {
    await rm(site, {recursive: true, force: true});
    throw error;
  }
};
