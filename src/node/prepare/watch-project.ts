import {existsSync} from 'node:fs';
import path from 'node:path';
import {watchSources} from '../project/watch-sources.ts';
import {InvalidInputError} from '../../core/errors.ts';
import {onAbort} from '../../core/on-abort.ts';
import {openProjectReader, type ProjectReader} from '../project/open-project-reader.ts';
import {resolveProject, type ProjectOptions, type ResolvedProject} from '../project/read-project-compositions.ts';
import {servedBundle} from '../project/served-bundle.ts';
import {warmUpAligner} from '../align/warm-up-aligner.ts';
import {createPrepareSession, type PrepareSession} from './prepare-session.ts';

/** Why a run of a watched project starts. */
export type WatchTrigger =
  /** The first run. */
  | {kind: 'start'}
  /** Saved sources changed the bundle: rebuilt from memory, read again in the open browser. */
  | {kind: 'sources'; files: string[]}
  /** The props file: read again, nothing rebundled. */
  | {kind: 'props'; files: string[]}
  /** remotion.config.ts or the dependencies (package.json, a lockfile): the project is bundled again from scratch. */
  | {kind: 'project'; files: string[]};

export type WatchEvent =
  /** Said once the watchers are in place: a change saved after this is seen. */
  | {type: 'watching'; entryPoint: string; files: string[]}
  | {type: 'changed'; trigger: Exclude<WatchTrigger, {kind: 'start'}>}
  /** A save broke the bundle (a syntax error while typing): nothing runs until the next good save. */
  | {type: 'bundle-failed'; error: Error; files: string[]};

/** remotion.config.ts as the Remotion CLI looks for it. */
const CONFIG_FILES = ['remotion.config.ts', 'remotion.config.js', 'remotion.config.mjs'];
/** Files that say which dependencies are installed: a change to one of them starts over. */
const PROJECT_FILES = ['package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];
/** Trigger kinds from the least work to the most. */
const TRIGGER_WORK = ['start', 'sources', 'props', 'project'];

/**
 * Calls `run` once, then again after each change that can affect the narration, until `signal`
 * is aborted (`prepare --watch`). The project stays warm between runs (see `openProjectReader`):
 * a saved source is rebuilt by webpack in watch mode, only when it is part of the bundle, and the
 * compositions are read again in the browser that stays open. A change to remotion.config.ts or
 * to the dependencies opens the project again, from scratch.
 *
 * Runs never overlap. A change during a run aborts that run's `superseded` signal: the run stops
 * starting work for the state that was just replaced, and the next run starts as soon as it
 * returns.
 */
export const watchProject = async ({
  propsFile,
  signal,
  onEvent,
  onRunError,
  run,
  ...where
}: Pick<ProjectOptions, 'projectRoot' | 'entryPoint' | 'browserExecutable' | 'env'> & {
  /** The `--props` file, read again when it changes (by `run`). */
  propsFile?: string;
  signal: AbortSignal;
  onEvent: (event: WatchEvent) => void;
  /** A run that threw (the watch goes on). */
  onRunError: (error: Error) => void;
  /** `session` is for every prepare of the watch (see `PrepareSession`). */
  run: (input: {reader: ProjectReader; trigger: WatchTrigger; superseded: AbortSignal; session: PrepareSession}) => Promise<void>;
}): Promise<void> => {
  // Read again only when remotion.config.ts or the dependencies change (a 'project' trigger).
  let resolved: ResolvedProject | null = await resolveProject(where);
  const {root, entry} = resolved;
  if (servedBundle(entry)) {
    throw new InvalidInputError(`--watch follows the project's sources, but ${where.entryPoint ?? entry} is a site already bundled. Give the entry point (e.g. src/index.ts), or leave it out.`);
  }
  let reader: ProjectReader | null = null;
  const session = createPrepareSession();
  let pending = {kind: 'start'} as WatchTrigger | null;
  let running: AbortController | null = null;
  let wake: (() => void) | null = null;

  /** Merges the changes waiting for the next run: the kind that does the most work wins, files add up. */
  const queue = (trigger: Exclude<WatchTrigger, {kind: 'start'}>) => {
    onEvent({type: 'changed', trigger});
    if (!pending) {
      pending = trigger;
    } else if (pending.kind !== 'start') {
      const kind = TRIGGER_WORK.indexOf(trigger.kind) > TRIGGER_WORK.indexOf(pending.kind) ? trigger.kind : pending.kind;
      pending = {kind, files: [...new Set([...pending.files, ...trigger.files])]};
    }
    running?.abort();
    wake?.();
  };

  const projectFiles = [...CONFIG_FILES, ...PROJECT_FILES].map((name) => path.join(root, name));
  const propsPath = propsFile && !propsFile.trim().startsWith('{') ? path.resolve(root, propsFile) : null;
  const watched = [...projectFiles, ...(propsPath ? [propsPath] : [])];
  const fileWatcher = watchSources({
    folders: [],
    files: watched,
    debounceMs: 100,
    onChange: async (changed) => queue({kind: changed.some((file) => projectFiles.includes(file)) ? 'project' : 'props', files: changed}),
  });
  // While the project cannot be bundled (a broken import on the first run), webpack watches
  // nothing: its entry point's folder is watched instead, and a save there tries again (from
  // scratch). A reader without webpack's watch (rspack) has it watched for good (a plain read).
  let folderWatcher: ReturnType<typeof watchSources> | null = null;
  const watchFolderUntilBundled = (watch: boolean) => {
    if (watch && !folderWatcher) {
      folderWatcher = watchSources({
        folders: [path.dirname(entry)],
        files: [],
        debounceMs: 100,
        onChange: async (changed) => queue({kind: reader ? 'sources' : 'project', files: changed}),
      });
    } else if (!watch) {
      folderWatcher?.close();
      folderWatcher = null;
    }
  };

  let saidWatching = false;
  try {
    while (!signal.aborted) {
      const trigger = pending;
      if (!trigger) {
        let cancel = () => {};
        await new Promise<void>((resolve) => {
          wake = resolve;
          cancel = onAbort(signal, resolve);
        });
        cancel();
        wake = null;
        continue;
      }
      pending = null;
      const superseded = new AbortController();
      running = superseded;
      try {
        if (trigger.kind === 'project' && reader) {
          const old: ProjectReader = reader;
          reader = null;
          await old.close();
        }
        if (trigger.kind === 'project') resolved = null;
        reader ??= await openProjectReader({
          project: (resolved ??= await resolveProject(where)),
          onRebuilt: ({error, files}) => (error ? onEvent({type: 'bundle-failed', error, files}) : queue({kind: 'sources', files})),
        });
        // Without webpack's watch (rspack), the entry point's folder is watched, as before the project is bundled.
        watchFolderUntilBundled(!reader.watchesSources);
        await run({reader, trigger, superseded: superseded.signal, session});
      } catch (error) {
        if (!reader) watchFolderUntilBundled(true);
        if (!signal.aborted) onRunError(error instanceof Error ? error : new Error(String(error)));
      } finally {
        running = null;
      }
      if (!saidWatching) {
        saidWatching = true;
        // A first run with everything cached loaded no aligner: it is loaded now, before the first edit.
        void warmUpAligner();
        onEvent({type: 'watching', entryPoint: path.relative(root, entry), files: watched.filter((file) => existsSync(file)).map((file) => path.relative(root, file))});
      }
    }
  } finally {
    fileWatcher.close();
    watchFolderUntilBundled(false);
    // Clips still being made for a replaced run are stored before the watch ends.
    await session.settled();
    await (reader as ProjectReader | null)?.close();
  }
};
