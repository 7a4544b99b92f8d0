import {InvalidInputError, ManifestUnreadableError} from '../../core/errors.ts';
import {assertCacheWritable, type ClipStore} from '../store/clip-store.ts';
import {readProjectManifest} from '../store/read-manifest-file.ts';
import {propsSourceOf} from './use-id.ts';
import {assertVoiceKept} from './assert-voice-kept.ts';
import {clipStoreOptions, prepareNarration, type PrepareEvent, type PrepareResult} from './prepare-narration.ts';
import type {HttpLogEntry} from '../providers/kling/create-kling-provider.ts';
import type {ProjectReader} from '../project/open-project-reader.ts';
import {createPrepareSession, type PrepareSession} from './prepare-session.ts';
import {readProjectCompositions, type ProjectOptions, type ReadingEvent} from '../project/read-project-compositions.ts';
import {speechProviderFromEnv} from '../providers/speech-provider-from-env.ts';
import type {SpeechProvider} from '../providers/speech-provider.ts';

export type PrepareProjectEvent =
  | PrepareEvent
  | ReadingEvent
  | {type: 'notice'; message: string}
  | {type: 'http'; entry: HttpLogEntry};

export type PrepareProjectOptions = ProjectOptions & {
  /**
   * Default: Kling when USEAPI_TOKEN is set, the offline draft voice otherwise (which is refused
   * for compositions that already have audio from another provider, unless `draft`).
   */
  provider?: SpeechProvider;
  /** The offline draft voice on purpose, token or not (`--draft`). */
  draft?: boolean;
  concurrency?: number;
  maxRetries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  /** Cue ids to generate again even when cached. */
  force?: readonly string[];
  onEvent?: (event: PrepareProjectEvent) => void;
  signal?: AbortSignal;
  /** Aborted when a newer state replaces the one being prepared (see `PrepareNarrationOptions.superseded`). */
  superseded?: AbortSignal;
  /** Shared by the prepares of a `--watch` (see `PrepareSession`). */
  session?: PrepareSession;
  /**
   * Reads the compositions through a reader kept warm between runs (`prepare --watch`: see
   * `openProjectReader`) instead of bundling the project and starting a browser for this run.
   */
  reader?: ProjectReader;
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
  draft,
  onEvent,
  signal,
  superseded,
  session,
  reader,
  ...project
}: PrepareProjectOptions): Promise<PrepareProjectResult> => {
  let chosen = provider;
  let draftForLackOfToken = false;
  if (!chosen) {
    const choice = speechProviderFromEnv({env: project.env, timeoutMs, draft, onHttp: (entry) => onEvent?.({type: 'http', entry})});
    chosen = choice.provider;
    draftForLackOfToken = choice.draftForLackOfToken;
    if (choice.notice) onEvent?.({type: 'notice', message: choice.notice});
  }
  // The cache is opened (lock, manifest) while the compositions are read: its manifest is parsed
  // while the browser evaluates them, not after (a tenth of a warm prepare of a long course).
  const shared = session ?? createPrepareSession();
  let opening: Promise<ClipStore> | null = null;
  // Stops waiting for the cache's lock (held by a prepare in another terminal) when reading fails:
  // the error is said at once, not after that prepare.
  const readingFailed = new AbortController();
  const openSignal = signal ? AbortSignal.any([signal, readingFailed.signal]) : readingFailed.signal;
  const openCache = async (publicDir: string) => {
    // Fails before the bundle (~10 s) when public/ cannot be written.
    await assertCacheWritable(publicDir);
    const opened = shared.acquireStore(clipStoreOptions({publicDir, signal: openSignal, onEvent}));
    opened.catch(() => undefined); // awaited below, once the compositions are read
    opening = opened;
  };
  try {
    const {compositions, publicDir} = await (reader
      ? openCache(reader.project.publicDir).then(() => reader.read({inputProps: project.inputProps, compositionId: project.compositionId, onEvent}))
      : readProjectCompositions({...project, onEvent, beforeReading: openCache})
    ).catch((error: unknown) => {
      readingFailed.abort();
      throw error;
    });
    await opening;
    if (draftForLackOfToken) {
      const manifest = await readProjectManifest({publicDir}).catch((error: unknown) => {
        if (!(error instanceof ManifestUnreadableError)) throw error;
        throw new InvalidInputError(
          `${error.message} Without USEAPI_TOKEN, prepare cannot tell which voice the compositions were narrated with: set USEAPI_TOKEN (prepare then rebuilds the manifest from the clips on disk), or pass --draft.`,
        );
      });
      assertVoiceKept({manifest, compositionIds: compositions.map((composition) => composition.id)});
    }
    const result = await prepareNarration({
      compositions,
      provider: chosen,
      publicDir,
      concurrency,
      maxRetries,
      retryDelayMs,
      force,
      propsSource: propsSourceOf(project),
      onEvent,
      signal,
      superseded,
      session: shared,
    });
    return {...result, compositionIds: compositions.map((c) => c.id)};
  } finally {
    const opened = opening as Promise<ClipStore> | null;
    if (opened) await opened.then(() => shared.releaseStore(), () => undefined);
  }
};
