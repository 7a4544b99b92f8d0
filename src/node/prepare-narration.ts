import {cacheKeyForClip} from '../cache-key.ts';
import {clipRequestsForCue, type ClipRequest} from '../clip-request.ts';
import {
  AccountError,
  AuthenticationError,
  InvalidAudioError,
  isNarrationError,
  ModerationError,
  SpeechServiceError,
} from '../errors.ts';
import type {Narration} from '../narration-schema.ts';
import {openClipStore, type ManifestProblem} from './clip-store.ts';
import {measureMp3} from './measure-mp3.ts';
import type {SpeechProvider} from './speech-provider.ts';

/** A composition's id and its resolved `narration` prop. */
export type NarratedComposition = {id: string; narration: Narration};

export type CueOutcome = {
  compositionId: string;
  cueId: string;
  text: string;
  keys: string[];
  status: 'cached' | 'generated' | 'failed';
  /** Why the cue failed. */
  error?: Error;
  /** The failure as one sentence naming the composition, the cue and the fix. */
  message?: string;
};

export type PrepareEvent =
  | {type: 'start'; provider: SpeechProvider; cues: number; clipsToGenerate: number}
  | {type: 'clip-generated'; key: string; cues: CueRef[]; durationInSeconds: number; attempts: number}
  | {type: 'clip-failed'; key: string; cues: CueRef[]; error: Error}
  | {type: 'retry'; key: string; attempt: number; error: Error; delayMs: number}
  | {type: 'manifest-problem'; problem: ManifestProblem};

export type CueRef = {compositionId: string; cueId: string; text: string};

export type PrepareResult = {
  outcomes: CueOutcome[];
  /** Calls made to the provider's synthesize (each is one paid/limited request for Kling). */
  synthesizeCalls: number;
  generatedClips: number;
  cachedClips: number;
  failedCues: CueOutcome[];
};

export type PrepareNarrationOptions = {
  compositions: NarratedComposition[];
  provider: SpeechProvider;
  /** Absolute path of the project's `public/` folder. */
  publicDir: string;
  /** Clips generated at once. Default 4. */
  concurrency?: number;
  /** Retries of a transient failure (network, 5xx, 429, bad download) per clip. Default 2. */
  maxRetries?: number;
  /** First retry delay; doubles each time, with jitter. Default 2000 ms. */
  retryDelayMs?: number;
  onEvent?: (event: PrepareEvent) => void;
  signal?: AbortSignal;
};

type ClipJob = {key: string; request: ClipRequest; cues: CueRef[]};

/**
 * Makes sure every cue of the given compositions has its audio in the cache: clips already
 * stored are kept, the others are synthesized, downloaded, decoded, measured and stored.
 * One failing cue never stops the others; failures are returned, not thrown. Clips with the same
 * cache key are generated once. Account-wide failures (401, 402, 596) stop the run early.
 */
export const prepareNarration = async ({
  compositions,
  provider,
  publicDir,
  concurrency = 4,
  maxRetries = 2,
  retryDelayMs = 2000,
  onEvent,
  signal,
}: PrepareNarrationOptions): Promise<PrepareResult> => {
  const store = openClipStore({publicDir, onProblem: (problem) => onEvent?.({type: 'manifest-problem', problem})});
  const manifest = await store.readManifest();

  const cueKeys: {ref: CueRef; keys: string[]}[] = [];
  const jobs = new Map<string, ClipJob>();
  const cachedKeys = new Set<string>();
  for (const composition of compositions) {
    for (const cue of composition.narration.cues) {
      const ref: CueRef = {compositionId: composition.id, cueId: cue.id, text: cue.text};
      const requests = clipRequestsForCue({narration: composition.narration, cue, provider: provider.id});
      const keys = await Promise.all(requests.map((request) => cacheKeyForClip(request)));
      cueKeys.push({ref, keys});
      for (const [index, key] of keys.entries()) {
        if (cachedKeys.has(key)) continue;
        const job = jobs.get(key);
        if (job) {
          job.cues.push(ref);
        } else if (await store.find(manifest, key)) {
          cachedKeys.add(key);
        } else {
          jobs.set(key, {key, request: requests[index]!, cues: [ref]});
        }
      }
    }
  }

  onEvent?.({type: 'start', provider, cues: cueKeys.length, clipsToGenerate: jobs.size});
  await store.setProvider(provider.id);

  let synthesizeCalls = 0;
  const failures = new Map<string, Error>();
  let stopReason: Error | null = null;

  const runJob = async (job: ClipJob): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      if (stopReason) {
        failures.set(job.key, stopReason);
        return;
      }
      try {
        signal?.throwIfAborted();
        synthesizeCalls++;
        const {mp3} = await provider.synthesize(
          {speakerId: job.request.speakerId, text: job.request.text, speed: job.request.speed, emotion: job.request.emotion},
          {signal},
        );
        const audio = await measureMp3({data: mp3, name: `The audio ${provider.description} returned`});
        await store.save({key: job.key, request: job.request, mp3, audio});
        onEvent?.({type: 'clip-generated', key: job.key, cues: job.cues, durationInSeconds: audio.durationInSeconds, attempts: attempt});
        return;
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        if (signal?.aborted) throw err;
        if (err instanceof AuthenticationError || err instanceof AccountError) {
          stopReason ??= err;
        }
        if (isTransient(err) && attempt <= maxRetries && !stopReason) {
          const delayMs = retryDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
          onEvent?.({type: 'retry', key: job.key, attempt, error: err, delayMs});
          await sleep(delayMs, signal);
          continue;
        }
        failures.set(job.key, err);
        onEvent?.({type: 'clip-failed', key: job.key, cues: job.cues, error: err});
        return;
      }
    }
  };

  await runPool([...jobs.values()], Math.max(1, concurrency), runJob);

  const outcomes = cueKeys.map(({ref, keys}): CueOutcome => {
    const failedKey = keys.find((key) => failures.has(key));
    if (failedKey !== undefined) {
      const error = failures.get(failedKey)!;
      return {...ref, keys, status: 'failed', error, message: describeCueFailure(ref, error)};
    }
    return {...ref, keys, status: keys.every((key) => cachedKeys.has(key)) ? 'cached' : 'generated'};
  });
  return {
    outcomes,
    synthesizeCalls,
    generatedClips: jobs.size - failures.size,
    cachedClips: cachedKeys.size,
    failedCues: outcomes.filter((outcome) => outcome.status === 'failed'),
  };
};

/** Transient: the same request may succeed later. Moderation and bad input never are. */
const isTransient = (error: Error): boolean =>
  (error instanceof SpeechServiceError && error.transient) || error instanceof InvalidAudioError;

const describeCueFailure = (ref: CueRef, error: Error): string => {
  const where = `Composition "${ref.compositionId}", cue "${ref.cueId}" ("${ref.text}")`;
  if (error instanceof ModerationError) {
    return `${where} was refused by Kling's moderation: ${error.serviceMessage} Reword the line; moderated text is not retried automatically.`;
  }
  return `${where}: ${isNarrationError(error) ? error.message : `unexpected error: ${error.message}`}`;
};

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, {once: true});
  });

/** Runs `work` on every item with at most `limit` at once. */
const runPool = async <T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
};
