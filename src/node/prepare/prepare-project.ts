import {openClipStore} from '../store/clip-store.ts';
import {prepareNarration, type PrepareEvent, type PrepareResult} from './prepare-narration.ts';
import type {HttpLogEntry} from '../providers/kling/create-kling-provider.ts';
import {readProjectCompositions, type ProjectOptions, type ReadingEvent} from '../project/read-project-compositions.ts';
import {speechProviderFromEnv} from '../providers/speech-provider-from-env.ts';
import type {SpeechProvider} from '../providers/speech-provider.ts';

export type PrepareProjectEvent =
  | PrepareEvent
  | ReadingEvent
  | {type: 'notice'; message: string}
  | {type: 'http'; entry: HttpLogEntry};

export type PrepareProjectOptions = ProjectOptions & {
  /** Default: Kling when USEAPI_TOKEN is set, the offline draft voice otherwise. */
  provider?: SpeechProvider;
  concurrency?: number;
  maxRetries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  /** Cue ids to generate again even when cached. */
  force?: readonly string[];
  onEvent?: (event: PrepareProjectEvent) => void;
  signal?: AbortSignal;
};

export type PrepareProjectResult = PrepareResult & {compositionIds: string[]};

/**
 * `remotion-narration prepare` as a function: reads the project's compositions as Remotion
 * resolves them and generates every cue's audio that is not cached yet.
 */
export const prepareProject = async ({
  provider,
  concurrency,
  maxRetries,
  retryDelayMs,
  timeoutMs,
  force,
  onEvent,
  signal,
  ...project
}: PrepareProjectOptions): Promise<PrepareProjectResult> => {
  let chosen = provider;
  if (!chosen) {
    const choice = speechProviderFromEnv({env: project.env, timeoutMs, onHttp: (entry) => onEvent?.({type: 'http', entry})});
    chosen = choice.provider;
    if (choice.notice) onEvent?.({type: 'notice', message: choice.notice});
  }
  const {compositions, publicDir} = await readProjectCompositions({
    ...project,
    onEvent,
    // Spares the browser a 404 on a project's first run (the bundle copies public/).
    beforeReading: (folder) => openClipStore({publicDir: folder}).ensureManifest(),
  });
  const result = await prepareNarration({
    compositions,
    provider: chosen,
    publicDir,
    concurrency,
    maxRetries,
    retryDelayMs,
    force,
    onEvent,
    signal,
  });
  return {...result, compositionIds: compositions.map((c) => c.id)};
};
