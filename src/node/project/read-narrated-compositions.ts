import {rm} from 'node:fs/promises';
import {bundle} from '@remotion/bundler';
import {getCompositions, openBrowser} from '@remotion/renderer';
import {PLANNING_ENV_VARIABLE} from '../../core/planning.ts';
import {BundleFailedError, InvalidInputError} from '../../core/errors.ts';
import {parseNarration} from '../../core/parse-narration.ts';
import type {NarratedComposition} from '../prepare/prepare-narration.ts';
import type {BundlingOptions} from './load-remotion-config.ts';
import {servedBundle} from './served-bundle.ts';
import {withErrorsOnlyStats} from './with-errors-only-stats.ts';

export type ReadNarratedCompositionsOptions = {
  /**
   * Absolute path of the Remotion entry point (e.g. src/index.ts), or a site already bundled (a
   * folder from `npx remotion bundle`, or its URL), which is read as it is.
   */
  entryPoint: string;
  /** Input props, merged over each composition's default props exactly as in a render. */
  inputProps?: Record<string, unknown>;
  /** Only this composition; it must have a `narration` prop. */
  compositionId?: string;
  publicDir?: string | null;
  browserExecutable?: string | null;
  chromeMode?: 'headless-shell' | 'chrome-for-testing' | null;
  onBundleProgress?: (progress: number) => void;
  /** A browser already open (see `openProjectReader`), used instead of starting one. */
  browser?: Awaited<ReturnType<typeof openBrowser>>;
  /** From remotion.config.ts (see `loadRemotionConfig`): the webpack override, rspack, the cache. */
  bundling?: BundlingOptions;
};

/**
 * Bundles the project (unless it is bundled already) and lets Remotion resolve its compositions (default props, input props,
 * `calculateMetadata`) in headless Chromium, then returns those that have a `narration` prop.
 * Missing audio is allowed while doing so (the planning flag is passed as an env variable).
 */
export const readNarratedCompositions = async ({
  entryPoint,
  inputProps = {},
  compositionId,
  publicDir,
  browserExecutable,
  chromeMode,
  onBundleProgress,
  bundling,
  browser,
}: ReadNarratedCompositionsOptions): Promise<NarratedComposition[]> => {
  // A link to public/ instead of a copy, as the Remotion CLI does for its own temporary bundles:
  // copying every clip was most of a warm prepare's overhead (2.4 s vs 1.8 s for 200 clips).
  const bundled = servedBundle(entryPoint);
  // The browser starts while webpack bundles (another process: on another core), where Remotion's
  // own commands start it after the bundle: ~0.3 s of a warm prepare.
  const ownBrowser = browser ? null : openBrowser('chrome', {browserExecutable: browserExecutable ?? null, chromeMode: chromeMode ?? undefined, logLevel: 'error'});
  ownBrowser?.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  let serveUrl: string | null = bundled;
  try {
    serveUrl ??= await withErrorsOnlyStats(() => bundle({...bundling, entryPoint, publicDir: publicDir ?? undefined, symlinkPublicDir: true, onProgress: onBundleProgress})).catch(
      (error: unknown) => {
        throw new BundleFailedError(error instanceof Error ? error.message : String(error), {cause: error});
      },
    );
    const common = {
      inputProps,
      envVariables: {[PLANNING_ENV_VARIABLE]: '1'},
      browserExecutable: browserExecutable ?? null,
      chromeMode: chromeMode ?? undefined,
      logLevel: 'error' as const,
      puppeteerInstance: browser ?? (await ownBrowser!),
    };
    const all = await getCompositions(serveUrl, common);
    if (compositionId && !all.some((composition) => composition.id === compositionId)) {
      throw new InvalidInputError(
        `There is no composition "${compositionId}". The compositions are: ${all.map((c) => c.id).join(', ') || 'none'}.`,
      );
    }
    return all
      .filter((composition) =>
        compositionId ? composition.id === compositionId : composition.props.narration !== undefined,
      )
      .map((composition) => ({
        id: composition.id,
        narration: parseNarration({value: composition.props.narration, compositionId: composition.id}),
        fps: composition.fps,
      }));
  } finally {
    await ownBrowser?.then((opened) => opened.close({silent: true}), () => undefined);
    if (!bundled && serveUrl) await rm(serveUrl, {recursive: true, force: true});
  }
};
