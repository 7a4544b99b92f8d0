import {createHash} from 'node:crypto';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {bundle, BundlerInternals, webpack, type WebpackConfiguration} from '@remotion/bundler';
import {BundleFailedError} from '../../core/errors.ts';
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

/** A promise and the functions that settle it (Promise.withResolvers() needs Node 22). */
const withResolvers = () => {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return {promise, resolve, reject};
};

/**
 * A webpack error as a user reads it: its message, after the module it is in when the message
 * does not name it ("Module not found: Can't resolve './Intro'" says where it looked, not which
 * file imports it).
 */
const bundlerMessageOf = (error: {message: string; moduleName?: string; loc?: string}): string => {
  const {message, moduleName, loc} = error;
  if (!moduleName || message.includes(path.basename(moduleName))) return message;
  return `${moduleName}${loc ? `:${loc}` : ''}: ${message}`;
};

/**
 * What bundle() compiles when it only lays out the site (index.html, favicon, public/ linked): an
 * empty script, in place of the entry points, which the watch compiler's first build replaces.
 */
const PLACEHOLDER_ENTRY = 'data:text/javascript,';

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
 * The project bundled by webpack in watch mode, with the configuration `bundle()` uses (and
 * remotion.config.ts's webpack override): a saved source is rebuilt from memory in a fraction of
 * a second, instead of a whole bundle from the disk cache for every change. Resolves once the
 * first build is written (rejects with its first error, as `bundle()` does). `onRebuilt` is called
 * after each later rebuild that changed the site's scripts, lazily loaded chunks included (a save
 * that changes nothing is not a change), or with the error of one that failed (a syntax error
 * while typing): the site keeps its last good scripts then.
 *
 * The site is laid out by Remotion's own `bundle()` (its index.html, favicon and public/ link,
 * which do not depend on the scripts) around an empty placeholder script, in a fraction of a
 * second; the watch compiler then writes the scripts. The project is compiled once, not once by
 * bundle() and once more by the watch compiler: in a project whose disk cache is cold, the first
 * read comes after ~7 s of CPU instead of ~19 s (5.8 s instead of 14.3 s on 2 cores).
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
    await withErrorsOnlyStats(() =>
      bundle({
        ...bundling,
        entryPoint,
        outDir: site,
        publicDir,
        symlinkPublicDir: true,
        rootDir: projectRoot,
        rspack: false,
        // Nothing of the placeholder is worth keeping in the disk cache, or worth the project's
        // overrides (its plugins run on the real build).
        enableCaching: false,
        bundlerOverride: (config) => config,
        webpackOverride: (config) => ({...config, entry: PLACEHOLDER_ENTRY}),
      }),
    ).catch((error: unknown) => {
      // As when the project is bundled without --watch (an entry point without registerRoot()).
      throw new BundleFailedError(error instanceof Error ? error.message : String(error), {cause: error});
    });
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
      // The first build is the bundling a user waits for; rebuilds take a fraction of a second.
      onProgress: (progress) => {
        if (lastScripts === null) onBundleProgress?.(progress);
      },
      options: {
        ...bundling,
        webpackOverride: bundling.webpackOverride ?? ((c) => c),
        enableCaching: bundling.enableCaching ?? true,
        rspack: false,
        // getConfig reads only the options above (the others are for writing the site).
      } as Parameters<typeof BundlerInternals.getConfig>[0]['options'],
    })) as [string, WebpackConfiguration];
    // Rebuilt from memory only, without source maps (prepare prints messages, not stack traces) or
    // production's whole-bundle optimizations (scope hoisting, tree shaking), which change what is
    // loaded, not what it does: a one-line edit rebuilds in ~170 ms instead of ~500 ms. A cache of
    // its own keeps the disk cache that bundle() and `npx remotion render` share for their
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
    const firstBuild = withResolvers();
    /** The hash of the scripts the build being emitted writes (after the emit webpack keeps only their sizes). */
    let emittedScripts: string | null = null;
    compiler.hooks.emit.tapPromise('remotion-narration', async (compilation) => {
      const scripts = createHash('sha256');
      for (const asset of compilation.getAssets()) scripts.update(asset.name).update(asset.source.buffer());
      emittedScripts = scripts.digest('hex');
      await turns.startWriting();
    });
    // A build whose emit failed (a full disk) has no afterEmit: its end gives the turn back too.
    compiler.hooks.afterEmit.tap('remotion-narration', () => turns.stopWriting());
    compiler.hooks.done.tap('remotion-narration', () => turns.stopWriting());
    compiler.hooks.failed.tap('remotion-narration', () => turns.stopWriting());
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
      const firstError = stats?.hasErrors() ? stats.toJson({all: false, errors: true, moduleTrace: false}).errors?.[0] : undefined;
      const failure = error ?? (firstError === undefined ? null : new BundleFailedError(bundlerMessageOf(firstError), {cause: compilation?.errors[0]}));
      if (lastScripts === null) {
        // The first build: the site is ready, or the bundle failed.
        if (failure) firstBuild.reject(failure);
        else if (emittedScripts === null) firstBuild.reject(new Error('The bundler completed without emitting bundle.js.'));
        else {
          lastScripts = emittedScripts;
          emittedScripts = null;
          firstBuild.resolve();
        }
        return;
      }
      if (failure) {
        onRebuilt({error: failure, files: changedFiles});
        return;
      }
      const hash = emittedScripts;
      emittedScripts = null;
      if (hash === null) return; // nothing was written
      const changed = hash !== lastScripts;
      lastScripts = hash;
      if (changed && changedFiles.length > 0) {
        // A save that leaves the scripts as they were changes nothing.
        onRebuilt({error: null, files: changedFiles});
      }
    };
    watching = compiler.watch({aggregateTimeout: 20, ignored}, (error, stats) => {
      // Whatever goes wrong here is said as a failed build, never thrown into webpack's watcher.
      try {
        onBuilt(error, stats);
      } catch (unexpected) {
        const asError = unexpected instanceof Error ? unexpected : new Error(String(unexpected));
        if (lastScripts === null) firstBuild.reject(asError);
        else onRebuilt({error: asError, files: []});
      }
    });
    await firstBuild.promise;

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
    const stopped = watching;
    if (stopped) await new Promise<void>((resolve) => stopped.close(() => resolve()));
    await rm(site, {recursive: true, force: true});
    throw error;
  }
};
