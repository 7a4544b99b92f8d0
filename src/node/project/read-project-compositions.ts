import path from 'node:path';
import {assertBrowserObtainable} from './assert-browser-obtainable.ts';
import {narrationBrowserExecutable} from './browser-executable.ts';
import {findEntryPoint, loadRemotionConfig, type RemotionConfigValues} from './load-remotion-config.ts';
import type {NarratedComposition} from '../prepare/plan-clips.ts';
import {readNarratedCompositions} from './read-narrated-compositions.ts';
import {resolveEntryPoint} from './served-bundle.ts';

export type ProjectOptions = {
  /** The Remotion project's root (where remotion.config.ts and public/ are). Default: cwd. */
  projectRoot?: string;
  /** Entry point; default from remotion.config.ts or Remotion's usual places. */
  entryPoint?: string;
  /** As `--props` of `npx remotion render`. */
  inputProps?: Record<string, unknown>;
  /**
   * The file `inputProps` were read from, if any (relative to `projectRoot` or absolute): prepare
   * records what it used under it, so prune keeps the audio of each props file (see `pruneNarration`).
   */
  propsFile?: string;
  compositionId?: string;
  /** Overrides remotion.config.ts and REMOTION_BROWSER_EXECUTABLE. */
  browserExecutable?: string;
  env?: NodeJS.ProcessEnv;
};

export type ReadingEvent =
  | {type: 'reading-compositions'; entryPoint: string}
  | {type: 'compositions'; compositions: {id: string; cues: number}[]; elapsedMs: number};

/** A project as `npx remotion render` finds it: its config, entry point, public folder and browser. */
export type ResolvedProject = {
  root: string;
  config: RemotionConfigValues;
  /** Absolute path of the entry point, or the URL of a site already bundled. */
  entry: string;
  publicDir: string;
  /** The browser to read compositions with; null: Remotion's own (checked to be obtainable). */
  browser: string | null;
};

/** Reads remotion.config.ts and finds the entry point, the public folder and the browser. */
export const resolveProject = async ({
  projectRoot = process.cwd(),
  entryPoint,
  browserExecutable,
  env = process.env,
}: Pick<ProjectOptions, 'projectRoot' | 'entryPoint' | 'browserExecutable' | 'env'>): Promise<ResolvedProject> => {
  const root = path.resolve(projectRoot);
  const config = await loadRemotionConfig({projectRoot: root});
  const entry = entryPoint ? resolveEntryPoint(entryPoint, root) : findEntryPoint({projectRoot: root, configured: config.entryPoint});
  const publicDir = path.resolve(root, config.publicDir ?? 'public');
  const browser = browserExecutable ?? config.browserExecutable ?? narrationBrowserExecutable({env, projectRoot: root});
  return {root, config, entry, publicDir, browser};
};

/** The entry point as progress shows it: relative to the project, or the site's URL. */
export const entryForDisplay = ({root, entry}: ResolvedProject): string => (/^https?:/.test(entry) ? entry : path.relative(root, entry));

/** Runs `read` between the 'reading-compositions' and 'compositions' events, which say what was read and in how long. */
export const readingWithEvents = async (
  project: ResolvedProject,
  onEvent: ((event: ReadingEvent) => void) | undefined,
  read: () => Promise<NarratedComposition[]>,
): Promise<NarratedComposition[]> => {
  onEvent?.({type: 'reading-compositions', entryPoint: entryForDisplay(project)});
  const startedAt = performance.now();
  const compositions = await read();
  onEvent?.({
    type: 'compositions',
    compositions: compositions.map((c) => ({id: c.id, cues: c.narration.cues.length})),
    elapsedMs: performance.now() - startedAt,
  });
  return compositions;
};

/**
 * The narrated compositions of a Remotion project as `npx remotion render` would resolve them,
 * with the project's public folder (from remotion.config.ts). `beforeReading` runs once the
 * public folder is known and before the project is bundled.
 */
export const readProjectCompositions = async ({
  inputProps,
  compositionId,
  onEvent,
  beforeReading,
  ...where
}: ProjectOptions & {
  onEvent?: (event: ReadingEvent) => void;
  beforeReading?: (publicDir: string) => Promise<void>;
}): Promise<{compositions: NarratedComposition[]; publicDir: string}> => {
  const project = await resolveProject(where);
  const {root, config, entry, publicDir, browser} = project;
  await beforeReading?.(publicDir);
  const compositions = await readingWithEvents(project, onEvent, async () => {
    if (browser === null) {
      await assertBrowserObtainable({projectRoot: root, chromeMode: config.chromeMode});
    }
    return readNarratedCompositions({
      entryPoint: entry,
      inputProps,
      compositionId,
      publicDir,
      browserExecutable: browser,
      chromeMode: config.chromeMode,
      bundling: config.bundling,
    });
  });
  return {compositions, publicDir};
};
