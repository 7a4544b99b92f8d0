import {openBrowser} from '@remotion/renderer';
import {isNarrationError} from '../../core/errors.ts';
import type {NarratedComposition} from '../prepare/plan-clips.ts';
import {assertBrowserObtainable} from './assert-browser-obtainable.ts';
import {readNarratedCompositions} from './read-narrated-compositions.ts';
import {readingWithEvents, type ReadingEvent, type ResolvedProject} from './read-project-compositions.ts';
import {openWarmBundler, type WarmBundler} from './warm-bundler.ts';

export type ProjectReader = {
  project: ResolvedProject;
  /**
   * False when the sources are not followed by webpack's watch (a project bundled with rspack:
   * the watch compiler is webpack's): each read then bundles the project again, and the caller
   * watches the sources' folder itself.
   */
  watchesSources: boolean;
  /** The narrated compositions as the sources are now, with these props (see `readProjectCompositions`). */
  read: (options: {
    inputProps?: Record<string, unknown>;
    compositionId?: string;
    onEvent?: (event: ReadingEvent) => void;
  }) => Promise<{compositions: NarratedComposition[]; publicDir: string}>;
  close: () => Promise<void>;
};

/**
 * `readProjectCompositions` kept warm for reading the same project again and again
 * (`prepare --watch`): the project is bundled once and then rebuilt by webpack in watch mode, and
 * one browser stays open, so reading after a save costs a rebuild from memory and a page load,
 * not a bundle and a browser start. `onRebuilt` says when a saved source changed the bundle (or
 * broke it). remotion.config.ts is read once: a change to it needs a new reader.
 */
export const openProjectReader = async ({
  project,
  onRebuilt,
  onBundleProgress,
}: {
  /** As `resolveProject` finds it, with an entry point of sources (not a site already bundled). */
  project: ResolvedProject;
  onRebuilt: (outcome: {error: Error | null; files: string[]}) => void;
  onBundleProgress?: (progress: number) => void;
}): Promise<ProjectReader> => {
  const {root, config, entry, publicDir, browser: browserExecutable} = project;
  if (browserExecutable === null) {
    await assertBrowserObtainable({projectRoot: root, chromeMode: config.chromeMode});
  }
  // A project bundled with rspack is bundled again, by rspack, for each read: a webpack watch
  // compiler would build it with another bundler than the one its renders use.
  const warm = !config.bundling.rspack;
  const bundler: WarmBundler | null = warm ? await openWarmBundler({projectRoot: root, entryPoint: entry, publicDir, bundling: config.bundling, onBundleProgress, onRebuilt}) : null;
  const whileReading = <T>(read: () => Promise<T>) => (bundler ? bundler.whileReading(read) : read());
  let browser: Awaited<ReturnType<typeof openBrowser>> | null = null;
  const openedBrowser = async () =>
    (browser ??= await openBrowser('chrome', {browserExecutable, chromeMode: config.chromeMode ?? undefined, logLevel: 'error'}));
  const closeBrowser = async () => {
    const open = browser as Awaited<ReturnType<typeof openBrowser>> | null;
    browser = null;
    await open?.close({silent: true}).catch(() => undefined);
  };
  return {
    project,
    watchesSources: warm,
    read: async ({inputProps, compositionId, onEvent}) => {
      const compositions = await readingWithEvents(project, onEvent, () =>
        whileReading(async () =>
          readNarratedCompositions({
            entryPoint: bundler?.site ?? entry,
            bundling: config.bundling,
            inputProps,
            compositionId,
            publicDir,
            browserExecutable,
            chromeMode: config.chromeMode,
            browser: await openedBrowser(),
          }),
        ).catch(async (error: unknown) => {
          // Not the project's fault: the next read starts a new browser, in case this one crashed.
          if (!isNarrationError(error)) await closeBrowser();
          throw error;
        }),
      );
      return {compositions, publicDir};
    },
    close: async () => {
      await closeBrowser();
      await bundler?.close();
    },
  };
};
