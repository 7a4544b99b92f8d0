import path from 'node:path';
import {narrationBrowserExecutable} from './browser-executable.ts';
import {openClipStore} from './clip-store.ts';
import {findEntryPoint, loadRemotionConfig} from './load-remotion-config.ts';
import {prepareNarration, type PrepareEvent, type PrepareResult} from './prepare-narration.ts';
import {readNarratedCompositions} from './read-narrated-compositions.ts';
import {speechProviderFromEnv} from './speech-provider-from-env.ts';
import type {HttpLogEntry} from './providers/kling.ts';
import type {SpeechProvider} from './speech-provider.ts';

export type PrepareProjectEvent =
  | PrepareEvent
  | {type: 'notice'; message: string}
  | {type: 'http'; entry: HttpLogEntry}
  | {type: 'reading-compositions'; entryPoint: string}
  | {type: 'compositions'; compositions: {id: string; cues: number}[]; elapsedMs: number};

export type PrepareProjectOptions = {
  /** The Remotion project's root (where remotion.config.ts and public/ are). Default: cwd. */
  projectRoot?: string;
  /** Entry point; default from remotion.config.ts or Remotion's usual places. */
  entryPoint?: string;
  /** As `--props` of `npx remotion render`. */
  inputProps?: Record<string, unknown>;
  compositionId?: string;
  /** Overrides remotion.config.ts and REMOTION_BROWSER_EXECUTABLE. */
  browserExecutable?: string;
  /** Default: Kling when USEAPI_TOKEN is set, the offline draft voice otherwise. */
  provider?: SpeechProvider;
  env?: NodeJS.ProcessEnv;
  concurrency?: number;
  maxRetries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  onEvent?: (event: PrepareProjectEvent) => void;
  signal?: AbortSignal;
};

export type PrepareProjectResult = PrepareResult & {compositionIds: string[]};

/**
 * `remotion-narration prepare` as a function: reads the project's compositions as Remotion
 * resolves them and generates every cue's audio that is not cached yet.
 */
export const prepareProject = async ({
  projectRoot = process.cwd(),
  entryPoint,
  inputProps,
  compositionId,
  browserExecutable,
  provider,
  env = process.env,
  concurrency,
  maxRetries,
  retryDelayMs,
  timeoutMs,
  onEvent,
  signal,
}: PrepareProjectOptions): Promise<PrepareProjectResult> => {
  const root = path.resolve(projectRoot);
  let chosen = provider;
  if (!chosen) {
    const choice = speechProviderFromEnv({env, timeoutMs, onHttp: (entry) => onEvent?.({type: 'http', entry})});
    chosen = choice.provider;
    if (choice.notice) onEvent?.({type: 'notice', message: choice.notice});
  }
  const config = await loadRemotionConfig({projectRoot: root});
  const entry = entryPoint ? path.resolve(root, entryPoint) : findEntryPoint({projectRoot: root, configured: config.entryPoint});
  const publicDir = path.resolve(root, config.publicDir ?? 'public');
  // Spares the browser a 404 on a project's first run (the bundle copies public/).
  await openClipStore({publicDir}).ensureManifest();
  onEvent?.({type: 'reading-compositions', entryPoint: path.relative(root, entry)});
  const startedAt = performance.now();
  const compositions = await readNarratedCompositions({
    entryPoint: entry,
    inputProps,
    compositionId,
    publicDir,
    browserExecutable: browserExecutable ?? config.browserExecutable ?? narrationBrowserExecutable({env}),
    chromeMode: config.chromeMode,
  });
  onEvent?.({
    type: 'compositions',
    compositions: compositions.map((c) => ({id: c.id, cues: c.narration.cues.length})),
    elapsedMs: performance.now() - startedAt,
  });
  const result = await prepareNarration({
    compositions,
    provider: chosen,
    publicDir,
    concurrency,
    maxRetries,
    retryDelayMs,
    onEvent,
    signal,
  });
  return {...result, compositionIds: compositions.map((c) => c.id)};
};
