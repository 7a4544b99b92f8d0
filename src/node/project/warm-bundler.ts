import {createHash} from 'node:crypto';
import {mkdtemp, rm, stat} from 'node:fs/promises';
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

/** The files among `files` modified after `sinceMs`. */
const savedSince = async (files: string[], sinceMs: number): Promise<string[]> => {
  const modified = await Promise.all(
    files.map(async (file) => {
      const stats = await stat(file).catch(() => null);
      return stats !== null && stats.isFile() && stats.mtimeMs >= sinceMs;
    }),
  );
  return files.filter((_, index) => modified[index]);
};

/**
 * Readers share the site, a writer has it alone: reads wait while a rebuild writes its files, and
 * a rebuild's writes wait until the reads in progress are done.
 */
const createTurns = () => {
  let readers = 0;
  let writing = false;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const woken = waiters;
    waiters = [];
    for (const resolve of woken) resolve();
  };
  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return {
    startReading: async () => {
      await until(() => !writing);
      readers++;
    },
    stopReading: () => {
      readers--;
      wake();
    },
    startWriting: async () => {
      await until(() => !writing && readers === 0);
      writing = true;
    },
    stopWriting: () => {
      writing = false;
      wake();
    },
  };
};

/**
 * The project bundled once, as `bundle()` does (with remotion.config.ts's webpack override), then
 * kept up to date by webpack in watch mode: a saved source is rebuilt from memory in a fraction of
 * a second, instead of a whole bundle from the disk cache for every change. `onRebuilt` is called
 * after each rebuild that changed the site's scripts, lazily loaded chunks included (a save that changes nothing is not a change),
 * or with the error of one that failed (a syntax error while typing): the site keeps its last
 * good scripts then.
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
    /** A hash of every script a build emits (lazily loaded chunks too), null before the first. */
    let lastScripts: string | null = null;
    let closed = false;

    // Reads of the site (a browser loading it) and writes of it (a rebuild's emit) take turns: a
    // browser never loads a half-written script.
    const turns = createTurns();

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
    /** The hash of the scripts the build being emitted writes (after the emit webpack keeps only their sizes). */
    let emittedScripts: string | null = null;
    compiler.hooks.emit.tapPromise('remotion-narration', async (compilation) => {
      const scripts = createHash('sha256');
      for (const asset of compilation.getAssets()) scripts.update(asset.name).update(asset.source.buffer());
      emittedScripts = scripts.digest('hex');
      await turns.startWriting();
    });
    compiler.hooks.afterEmit.tap('remotion-narration', () => turns.stopWriting());
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
    // What the bundle was made of at its last build: its files, the files it looked for, and the
    // folders it reads whole (require.context, import() with a variable). A change elsewhere (a
    // folder webpack watched while resolving, such as the parent of the project) is not a change.
    let dependencies = new Set<string>();
    let folders: string[] = [];
    const isDependency = (file: string) => !isIgnored(file) && (dependencies.has(file) || folders.some((folder) => file.startsWith(`${folder}${path.sep}`)));
    /** The files the bundle uses whose change started this rebuild. */
    let files: string[] = [];
    compiler.hooks.watchRun.tap('remotion-narration', (watched) => {
      files = [...(watched.modifiedFiles ?? []), ...(watched.removedFiles ?? [])].filter(isDependency);
    });
    const onBuilt = (error: Error | null, stats: webpack.Stats | undefined) => {
      if (closed) return;
      const changedFiles = files;
      const compilation = stats?.compilation;
      if (compilation) {
        dependencies = new Set([...compilation.fileDependencies, ...compilation.missingDependencies]);
        folders = [...compilation.contextDependencies].filter((folder) => !isIgnored(folder));
      }
      const failure = error ?? (stats?.hasErrors() ? new Error(stats.toJson({all: false, errors: true}).errors?.[0]?.message ?? 'The bundle failed.') : null);
      if (failure) {
        onRebuilt({error: failure, files: changedFiles});
        return;
      }
      const hash = emittedScripts;
      emittedScripts = null;
      if (hash === null) return; // nothing was written
      const first = lastScripts === null;
      const changed = hash !== lastScripts;
      lastScripts = hash;
      if (first) {
        // The watch compiler's first build is the state bundle() read, unless a source was saved meanwhile.
        savedSince([...(compilation?.fileDependencies ?? [])].filter((file) => !isIgnored(file)), bundledAt)
          .then((saved) => {
            if (saved.length > 0 && !closed) onRebuilt({error: null, files: saved});
          })
          .catch(() => undefined);
      } else if (changed && changedFiles.length > 0) {
        // A save that leaves the scripts as they were changes nothing.
        onRebuilt({error: null, files: changedFiles});
      }
    };
    watching = compiler.watch({aggregateTimeout: 20, ignored}, (error, stats) => {
      // Whatever goes wrong here is said as a failed rebuild, never thrown into webpack's watcher.
      try {
        onBuilt(error, stats);
      } catch (unexpected) {
        onRebuilt({error: unexpected instanceof Error ? unexpected : new Error(String(unexpected)), files: []});
      }
    });

    return {
      site,
      whileReading: async (read) => {
        await turns.startReading();
        try {
          return await read();
        } finally {
          turns.stopReading();
        }
      },
      close: async () => {
        closed = true;
        await new Promise<void>((resolve) => (watching ? watching.close(() => resolve()) : resolve()));
        await rm(site, {recursive: true, force: true});
      },
    };
  } catch (error) {
    await rm(site, {recursive: true, force: true});
    throw error;
  }
};
