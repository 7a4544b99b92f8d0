import type {ClipRequest} from '../../core/clip-request.ts';
import {InvalidAudioError, InvalidInputError, isNarrationError, ModerationError, SpeechDoesNotFitError, SpeechServiceError, TextTooLongError} from '../../core/errors.ts';
import type {ClipAudio} from '../../core/manifest-schema.ts';
import {DEFAULT_MAX_PLAYBACK_RATE} from '../../core/narration-schema.ts';
import {resolveNarrationTimeline} from '../../core/resolve-narration-timeline.ts';
import {slotOverflowMessage} from '../../core/slot-overflow-message.ts';
import {loudnessPerVoice, type VoiceLoudness} from '../../core/loudness/voice-loudness.ts';
import type {NarrationTimeline} from '../../core/timeline.ts';
import {DEFAULT_LANGUAGE} from '../../core/text/language.ts';
import {splitInTwo} from '../../core/text/split-in-two.ts';
import {sleep} from '../../core/sleep.ts';
import {joinMp3s} from '../mp3/join-mp3s.ts';
import type {DecodedMp3} from '../mp3/decode-mp3.ts';
import {decodeAndMeasureMp3} from '../mp3/measure-mp3.ts';
import type {SpeechProvider, SpeechResult, Voice} from '../providers/speech-provider.ts';
import {runCpuWork} from '../run-cpu-work.ts';
import type {ClipUpgradeStep} from '../store/check-clip.ts';
import type {ClipRepair, ManifestRebuild} from '../store/clip-store.ts';
import {onAbort} from '../../core/on-abort.ts';
import {createPrepareSession, type PrepareSession} from './prepare-session.ts';
import {createAdaptiveLimiter} from './adaptive-limiter.ts';
import {findRequestProblem} from './find-request-problem.ts';
import {hasSlots} from '../../core/composition-clips.ts';
import {planClips, type ClipJob, type CueRef, type NarratedComposition} from './plan-clips.ts';
import type {LeaseTiming, LockHolder} from './prepare-lock.ts';
import {classifyError, decideRetry, initialRetryState, type RetryState} from './retry-policy.ts';
import {DEFAULT_PROPS_SOURCE, useIdOf} from './use-id.ts';
import {quoteCueText} from '../../core/quote-cue-text.ts';

export type {CueRef, NarratedComposition};

export type CueOutcome = CueRef & {
  keys: string[];
  status: 'cached' | 'generated' | 'failed';
  /** Why the cue failed. */
  error?: Error;
  /** The failure as one sentence naming the composition, the cue and the fix. */
  message?: string;
};

export type PrepareEvent =
  | {type: 'waiting-for-lock'; holder: LockHolder}
  | {type: 'start'; provider: SpeechProvider; cues: number; clipsToGenerate: number; cachedClips: number}
  /**
   * Lines too long for their slots even played faster (see `compositionClips`), measured: they
   * are read faster by the service, one request per clip; the clip events follow.
   */
  | {type: 'fitting'; clipsToGenerate: number; cues: {ref: CueRef; speed: number}[]}
  | {type: 'clip-generated'; key: string; cues: CueRef[]; durationInSeconds: number; attempts: number}
  | {type: 'clip-failed'; key: string; cues: CueRef[]; error: Error}
  /** A try of the clip `key` (used by `cues`) failed and is retried after `delayMs`. */
  | {type: 'retry'; key: string; cues: CueRef[]; attempt: number; error: Error; delayMs: number}
  | {type: 'voices-unavailable'; error: Error}
  /** The manifest could not be read: it is rebuilt from the clips on disk (a copy is kept). */
  | {type: 'manifest-problem'; problem: ManifestRebuild}
  /** Stored clips need work before use (no request): a header repair, word times from a newer aligner, an entry. */
  | {type: 'upgrade-start'; clips: number; steps: Partial<Record<ClipUpgradeStep, number>>}
  | {type: 'clip-upgraded'; key: string; cues: CueRef[]; steps: ClipUpgradeStep[]}
  /** A clip's header was repaired so players play it whole (when stored, or found in the cache: no request). */
  | {type: 'clip-repaired'; repair: ClipRepair};

export type PrepareResult = {
  /** A newer state replaced this one before the prepare was done (see `superseded`): the other fields are partial. */
  superseded: boolean;
  outcomes: CueOutcome[];
  /** Calls made to the provider's synthesize (each one is a request to Kling), retries included. */
  synthesizeCalls: number;
  generatedClips: number;
  cachedClips: number;
  failedCues: CueOutcome[];
  /** Each voice's loudness as the service made it (see `loudnessPerVoice`), for the summary. */
  voices: VoiceLoudness[];
};

export type PrepareNarrationOptions = {
  compositions: NarratedComposition[];
  provider: SpeechProvider;
  /** Absolute path of the project's `public/` folder. */
  publicDir: string;
  /**
   * Most speech jobs in flight at once (requests to the service, or syntheses of a local voice).
   * Default 4. Lowered by itself while the service answers 429, and raised again carefully after
   * successes (see `createAdaptiveLimiter`).
   */
  concurrency?: number;
  /** Retries of a transient failure (network, timeout, 5xx, bad download) per clip. Default 3. */
  maxRetries?: number;
  /** First retry delay; doubles each time, with jitter. A `Retry-After` overrides it. Default 2000 ms. */
  retryDelayMs?: number;
  /**
   * A busy account (429) is retried until the service answers, not counted against
   * `maxRetries`, up to this much waiting per clip. Default 15 minutes.
   */
  maxThrottledWaitMs?: number;
  /** Cue ids to generate again even when their audio is cached. */
  force?: readonly string[];
  /**
   * Where the compositions' props came from, recorded with what this prepare used (see
   * `pruneNarration`): "default props" (the default), a props file's path, or a description of
   * inline props. Prepares of one composition with other props keep their own records.
   */
  propsSource?: string;
  onEvent?: (event: PrepareEvent) => void;
  signal?: AbortSignal;
  /** How the project's prepare lock is renewed and when it is taken over. Default `DEFAULT_LEASE` (tests shorten it). */
  lease?: LeaseTiming;
  /**
   * Aborted when a newer state of the project replaces the one being prepared (a save during
   * `prepare --watch`). No new request starts then, and the prepare returns at once with
   * `superseded: true`: requests already in flight are not waited for; they finish in the
   * background, through `session`, and their audio is stored (it is paid for).
   */
  superseded?: AbortSignal;
  /** Shared by consecutive prepares in one process (see `PrepareSession`). Default: this prepare's own. */
  session?: PrepareSession;
};

/** How prepare opens the cache (see `openClipStore`), its events said as prepare events. */
export const clipStoreOptions = ({
  publicDir,
  signal,
  lease,
  onEvent,
}: Pick<PrepareNarrationOptions, 'publicDir' | 'signal' | 'lease' | 'onEvent'>): Parameters<PrepareSession['acquireStore']>[0] => ({
  publicDir,
  unreadableManifest: 'rebuild',
  signal,
  onWaitForLock: (holder) => onEvent?.({type: 'waiting-for-lock', holder}),
  onManifestRebuild: (problem) => onEvent?.({type: 'manifest-problem', problem}),
  onRepair: (repair) => onEvent?.({type: 'clip-repaired', repair}),
  lease,
});

/** The frame rate a composition read without one is laid out in (fitting hardly depends on it). */
const DEFAULT_FPS = 30;

/** Measuring audio already made goes before making more (see `runCpuWork`): a clip made is soon a clip stored. */
const FINISHING_PRIORITY = 1;

/**
 * Makes sure every cue of the given compositions has its audio in the cache: clips already
 * stored are kept, the others are checked, synthesized, downloaded, decoded, measured and stored.
 *
 * - One failing cue never stops the others; failures are returned, not thrown.
 * - Clips with the same cache key are generated once.
 * - Bad input (empty text, text over the provider's limits, unknown speaker, emotion the voice
 *   lacks) fails its cue before any request.
 * - What is retried, after how long, and what stops the run is decided by `decideRetry`.
 * - One prepare per project at a time: a second one waits for the first.
 */
export const prepareNarration = async ({
  compositions,
  provider,
  publicDir,
  concurrency = 4,
  maxRetries = 3,
  retryDelayMs = 2000,
  maxThrottledWaitMs = 15 * 60_000,
  force,
  propsSource = DEFAULT_PROPS_SOURCE,
  onEvent,
  signal,
  lease,
  superseded,
  session = createPrepareSession(),
}: PrepareNarrationOptions): Promise<PrepareResult> => {
  /** Set when the prepare returned, superseded, with jobs still running: they say nothing more. */
  let handedOff = false;
  const emit = (event: PrepareEvent) => {
    if (!handedOff) onEvent?.(event);
  };
  const store = await session.acquireStore(clipStoreOptions({publicDir, signal, lease, onEvent: emit}));
  let synthesizeCalls = 0;
  let generatedClips = 0;
  const supersededResult = (): PrepareResult => ({superseded: true, outcomes: [], synthesizeCalls, generatedClips, cachedClips: 0, failedCues: [], voices: []});
  try {
    // Recorded first: the clips are keyed with it (see compositionClips), here and in the timeline.
    store.recordVoice({compositionIds: compositions.map((composition) => composition.id), voice: {provider: provider.id, limits: provider.limits}});
    const {cues: plannedCues, jobs, cachedKeys, upgrades, refused} = await planClips({compositions, manifest: store.manifest, check: store.check, force});
    let cueKeys = plannedCues;

    // Stored clips that need work first: a visible step, with no request.
    if (upgrades.size > 0) {
      const steps: Partial<Record<ClipUpgradeStep, number>> = {};
      for (const {check} of upgrades.values()) for (const step of check.steps) steps[step] = (steps[step] ?? 0) + 1;
      emit({type: 'upgrade-start', clips: upgrades.size, steps});
      for (const upgrade of upgrades.values()) {
        signal?.throwIfAborted();
        if (superseded?.aborted) return supersededResult();
        try {
          await store.upgrade(upgrade);
          emit({type: 'clip-upgraded', key: upgrade.key, cues: upgrade.cues, steps: upgrade.check.steps});
        } catch (error) {
          if (!(error instanceof InvalidAudioError)) throw error;
          // Not usable audio after all: generated again.
          cachedKeys.delete(upgrade.key);
          jobs.set(upgrade.key, {key: upgrade.key, request: upgrade.request, cues: upgrade.cues});
        }
      }
    }

    const failures = new Map<string, Error>();
    /** Cues of slots too long even fitted, by composition and cue id. */
    const overflowing = new Map<string, SpeechDoesNotFitError>();
    for (const {key, reason} of refused.values()) {
      const refusedBy = provider.moderatedBy ?? 'the speech service';
      failures.set(key, new ModerationError(`${refusedBy} refused this text on an earlier run`, reason, {refusedBy, remembered: true}));
    }
    // Checked before any request: the voices list is fetched once, and only when there is work.
    const voices = jobs.size > 0 ? await listVoicesOnce({provider, session, signal, onEvent: emit}) : null;
    for (const job of jobs.values()) {
      const problem = findRequestProblem({request: job.request, limits: provider.limits, voices});
      if (problem) {
        failures.set(job.key, new InvalidInputError(problem));
        jobs.delete(job.key);
      }
    }

    if (superseded?.aborted) return supersededResult();
    emit({type: 'start', provider, cues: cueKeys.length, clipsToGenerate: jobs.size, cachedClips: cachedKeys.size});
    let stopReason: Error | null = null;
    const retryOptions = {maxRetries, retryDelayMs, maxThrottledWaitMs};

    const limiter = createAdaptiveLimiter({
      maxConcurrency: Math.max(1, concurrency),
      isThrottled: (error) => classifyError(error) === 'throttled',
    });
    // An account-wide failure is noted before the slot is given to the next job, and a job that
    // waited for a slot while the run was being stopped sends nothing.
    const schedule = <T>(work: () => Promise<T>) =>
      limiter.run(async () => {
        if (stopReason) throw stopReason;
        try {
          return await work();
        } catch (error) {
          if (classifyError(error) === 'account') stopReason ??= error as Error;
          throw error;
        }
      }, {signal});

    // Not stopped by the signal: audio already made is measured and stored, even on Ctrl-C.
    const measure = (data: Uint8Array, name: string) => runCpuWork(() => decodeAndMeasureMp3({data, name}), {priority: FINISHING_PRIORITY});

    /** A retry's wait ends at a Ctrl-C, or when a newer save replaces the text (then it is not retried). */
    const untilReplaced = superseded && signal ? AbortSignal.any([signal, superseded]) : (superseded ?? signal);
    const throwIfReplaced = () => {
      if (superseded?.aborted) throw new Error('Not asked again: a newer save replaced this text.');
    };

    /** Speaks one request, with the retries the policy allows; the audio is measured, not stored. */
    const speak = async (
      job: ClipJob,
      request: ClipRequest,
    ): Promise<{mp3: Uint8Array; audio: ClipAudio; decoded?: DecodedMp3; attempts: number; wordTiming?: SpeechResult['wordTiming']}> => {
      let state: RetryState = initialRetryState;
      for (let attempt = 1; ; attempt++) {
        if (stopReason) throw stopReason;
        // A request already sent for replaced text is let finish; none is sent again for it.
        if (attempt > 1) throwIfReplaced();
        try {
          signal?.throwIfAborted();
          synthesizeCalls++;
          const result = await provider.synthesize(
            {speakerId: request.speakerId, text: request.text, speed: request.speed, emotion: request.emotion, language: request.language ?? DEFAULT_LANGUAGE},
            {signal, schedule},
          );
          let mp3 = result.mp3;
          const name = `The audio ${provider.description} returned`;
          let measured;
          try {
            measured = await measure(mp3, name);
          } catch (error) {
            // Bytes that are not MP3: fetch the same audio once more before paying for a new one.
            if (!(error instanceof InvalidAudioError) || !result.downloadAgain) throw error;
            mp3 = await result.downloadAgain();
            measured = await measure(mp3, name);
          }
          // The provider's own word times hold only for the bytes it returned first.
          return {mp3, ...measured, attempts: attempt, wordTiming: mp3 === result.mp3 ? result.wordTiming : undefined};
        } catch (error) {
          const err = error instanceof Error ? error : new Error(String(error));
          if (signal?.aborted) throw err;
          const next = decideRetry({
            kind: classifyError(err),
            retryAfterMs: err instanceof SpeechServiceError ? err.retryAfterMs : null,
            state,
            options: retryOptions,
            runStopped: stopReason !== null,
            random: Math.random,
          });
          state = next.state;
          if (next.decision.action === 'retry') {
            emit({type: 'retry', key: job.key, cues: job.cues, attempt, error: err, delayMs: next.decision.delayMs});
            await sleep(next.decision.delayMs, untilReplaced);
            continue;
          }
          if (next.decision.action === 'stop-run') stopReason ??= err;
          throw err;
        }
      }
    };

    /**
     * The service refused a clip as too long although it was within the limits: its two halves
     * are spoken (once each, never split again) and joined, and stored under the clip's own key,
     * so the timeline computed in the browser finds it.
     */
    const speakInHalves = async (job: ClipJob, tooLong: Error) => {
      const halves = splitInTwo({text: job.request.text});
      if (halves.length < 2) throw tooLong;
      let attempts = 0;
      const parts: Uint8Array[] = [];
      for (const [index, text] of halves.entries()) {
        if (index > 0) throwIfReplaced();
        const part = await speak(job, {...job.request, text});
        attempts += part.attempts;
        parts.push(part.mp3);
      }
      const mp3 = await joinMp3s({parts, name: `The two halves ${provider.description} returned`});
      const measured = await measure(mp3, 'The joined halves');
      return {mp3, ...measured, attempts, joinedBecause: `${provider.limits.setBy} refused the whole clip as too long (${tooLong.message})`};
    };

    /** Waits for a clip an earlier prepare of the session is making; true if that settled it (stored, or refused). */
    const madeByAnother = async (job: ClipJob): Promise<boolean> => {
      const making = session.inFlight.get(job.key);
      if (!making) return false;
      await making.catch(() => undefined);
      const refusal = store.manifest.moderated[job.key];
      if (refusal) {
        // Refused there: not asked again (repeated refusals can hurt the account).
        const refusedBy = provider.moderatedBy ?? 'the speech service';
        const error = new ModerationError(`${refusedBy} refused this text on an earlier run`, refusal.reason, {refusedBy, remembered: true});
        failures.set(job.key, error);
        emit({type: 'clip-failed', key: job.key, cues: job.cues, error});
        return true;
      }
      const clip = store.manifest.clips[job.key];
      if (!clip) return false; // it failed there for another reason: tried here, with this prepare's retries
      generatedClips++;
      emit({type: 'clip-generated', key: job.key, cues: job.cues, durationInSeconds: clip.audio.durationInSeconds, attempts: 0});
      return true;
    };

    const runJob = async (job: ClipJob): Promise<void> => {
      if (await madeByAnother(job)) return;
      const making = makeClip(job);
      session.inFlight.set(job.key, making);
      try {
        await making;
      } finally {
        if (session.inFlight.get(job.key) === making) session.inFlight.delete(job.key);
      }
    };

    const makeClip = async (job: ClipJob): Promise<void> => {
      try {
        const spoken = await speak(job, job.request).catch((error: unknown) => {
          if (error instanceof TextTooLongError && !signal?.aborted) return speakInHalves(job, error);
          throw error;
        });
        await store.save({
          key: job.key,
          request: job.request,
          mp3: spoken.mp3,
          audio: spoken.audio,
          decoded: 'decoded' in spoken ? spoken.decoded : undefined,
          joinedBecause: 'joinedBecause' in spoken ? spoken.joinedBecause : undefined,
          wordTiming: 'wordTiming' in spoken ? spoken.wordTiming : undefined,
        });
        generatedClips++;
        emit({type: 'clip-generated', key: job.key, cues: job.cues, durationInSeconds: spoken.audio.durationInSeconds, attempts: spoken.attempts});
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        if (signal?.aborted) throw err;
        failures.set(job.key, err);
        if (err instanceof ModerationError) {
          await store.recordModeration(job.key, err.serviceMessage);
        }
        emit({type: 'clip-failed', key: job.key, cues: job.cues, error: err});
      }
    };

    // Jobs (speak, measure, store) run in slots: `concurrency` for the limiter's speech requests
    // or syntheses, as many again for clips being downloaded, measured and stored beside them.
    // A job starts only when one has been stored, so a clip made is stored within a few more,
    // whatever the provider: a kill keeps what was made (the next run adopts the files), a
    // Ctrl-C waits for a few clips, not for a backlog, and memory holds a few clips, not the run.
    // Every started job settles before the lock is released, also when the run is aborted: a
    // clip being written is finished, never left half-done for the next run.
    const runJobs = async (toRun: Iterable<ClipJob>) => {
      const waitingJobs = [...toRun];
      const runJobsInSlot = async () => {
        for (let job = waitingJobs.shift(); job; job = waitingJobs.shift()) {
          signal?.throwIfAborted();
          if (superseded?.aborted) return; // its text was replaced: no request
          await runJob(job);
        }
      };
      const jobSlots = Math.min(waitingJobs.length, 2 * Math.max(1, concurrency));
      const allSettled = Promise.allSettled(Array.from({length: jobSlots}, runJobsInSlot));
      const settled = await (superseded ? untilSettledOrAborted(allSettled, superseded) : allSettled);
      if (settled === 'aborted') {
        // Replaced: the jobs in flight finish in the background, and the cache closes after them.
        handedOff = true;
        session.inBackground(allSettled.then(() => session.releaseStore()));
        return;
      }
      const crashed = settled.find((outcome) => outcome.status === 'rejected');
      if (crashed) throw crashed.reason;
    };
    await runJobs(jobs.values());
    if (superseded?.aborted) return supersededResult();

    // Lines too long for their slots even played faster, now measured, are read faster: once.
    // Only narrations with slots can need it, and only clips not known yet are checked again
    // (checking reads and hashes a file: a second pass over a long course cost seconds).
    const known = new Set([...cachedKeys, ...jobs.keys()]);
    const fitted = compositions.some((composition) => hasSlots(composition.narration))
      ? await planClips({
          compositions,
          manifest: store.manifest,
          check: async (input) => {
            const clip = store.manifest.clips[input.key];
            return known.has(input.key) && clip ? {state: 'stored', clip} : store.check(input);
          },
        })
      : {cues: plannedCues, jobs: new Map<string, ClipJob>(), cachedKeys: new Set<string>()};
    const fittingJobs = [...fitted.jobs.values()].filter((job) => !jobs.has(job.key) && !failures.has(job.key));
    if (fittingJobs.length > 0) {
      for (const job of fittingJobs) {
        const problem = findRequestProblem({request: job.request, limits: provider.limits, voices});
        if (problem) failures.set(job.key, new InvalidInputError(problem));
      }
      const toFit = fittingJobs.filter((job) => !failures.has(job.key));
      emit({
        type: 'fitting',
        clipsToGenerate: toFit.length,
        cues: fitted.cues.filter((cue) => cue.fittedSpeed !== null && cue.keys.some((key) => toFit.some((job) => job.key === key))).map((cue) => ({ref: cue.ref, speed: cue.fittedSpeed!})),
      });
      await runJobs(toFit);
      if (superseded?.aborted) return supersededResult();
    }
    cueKeys = fitted.cues;
    for (const key of fitted.cachedKeys) if (!jobs.has(key)) cachedKeys.add(key);

    // What still does not fit, even read faster, fails its cues: the next moment would be late.
    const timelines: NarrationTimeline[] = [];
    for (const composition of compositions) {
      const timeline = await resolveNarrationTimeline({
        narration: composition.narration,
        manifest: store.manifest,
        fps: composition.fps ?? DEFAULT_FPS,
        compositionId: composition.id,
        allowMissing: true,
      });
      timelines.push(timeline);
      for (const cue of timeline.cues) {
        if (!cue.slot || cue.slot.overflowInSeconds <= 0 || cue.status !== 'ready') continue;
        const error = new SpeechDoesNotFitError(
          slotOverflowMessage({
            compositionId: composition.id,
            cue,
            slot: cue.slot,
            maxPlaybackRate: composition.narration.maxPlaybackRate ?? DEFAULT_MAX_PLAYBACK_RATE,
            minDurationInSeconds: composition.narration.cues.find((each) => each.id === cue.id)?.minDurationInSeconds,
          }),
        );
        for (const id of cue.slot.cueIds) overflowing.set(`${composition.id}\u0000${id}`, error);
      }
    }

    const outcomes = cueKeys.map(({ref, keys, problem}): CueOutcome => {
      if (problem) {
        const error = new InvalidInputError(problem);
        return {...ref, keys, status: 'failed', error, message: describeCueFailure(ref, error)};
      }
      const tooLong = overflowing.get(`${ref.compositionId}\u0000${ref.cueId}`);
      if (tooLong && !keys.some((key) => failures.has(key))) {
        return {...ref, keys, status: 'failed', error: tooLong, message: tooLong.message};
      }
      const failedKey = keys.find((key) => failures.has(key));
      if (failedKey !== undefined) {
        const error = failures.get(failedKey)!;
        return {...ref, keys, status: 'failed', error, message: describeCueFailure(ref, error)};
      }
      return {...ref, keys, status: keys.every((key) => cachedKeys.has(key)) ? 'cached' : 'generated'};
    });
    const usedAt = new Date().toISOString().slice(0, 10);
    for (const {id: compositionId} of compositions) {
      // With the clips measured at a cue's own speed when it was read faster: they decide that speed.
      const keys = [...new Set(cueKeys.filter(({ref}) => ref.compositionId === compositionId).flatMap((cue) => [...cue.keys, ...cue.keptKeys]))];
      const use = {compositionId, props: propsSource, provider: provider.id, usedAt, keys};
      store.recordUse({useId: useIdOf(use), use});
    }
    return {
      superseded: false,
      outcomes,
      synthesizeCalls,
      generatedClips,
      cachedClips: cachedKeys.size,
      failedCues: outcomes.filter((outcome) => outcome.status === 'failed'),
      voices: loudnessPerVoice(timelines),
    };
  } finally {
    if (!handedOff) await session.releaseStore();
  }
};

/** `settled` once it settles, or 'aborted' as soon as `signal` is (whichever comes first). */
const untilSettledOrAborted = <T>(settled: Promise<T>, signal: AbortSignal): Promise<T | 'aborted'> => {
  if (signal.aborted) return Promise.resolve('aborted');
  let cancel = () => {};
  const aborted = new Promise<'aborted'>((resolve) => (cancel = onAbort(signal, () => resolve('aborted'))));
  return Promise.race([settled, aborted]).finally(() => cancel());
};

/**
 * The provider's voices, for checking speakers and emotions. Account-wide failures end the run
 * (every request would fail the same way); anything else only skips the check.
 */
const listVoicesOnce = async ({
  provider,
  session,
  signal,
  onEvent,
}: {
  provider: SpeechProvider;
  session: PrepareSession;
  signal?: AbortSignal;
  onEvent?: (event: PrepareEvent) => void;
}): Promise<Voice[] | null> => {
  if (!provider.listVoices) return null;
  try {
    const listVoices = provider.listVoices.bind(provider);
    return await session.voices(provider.id, () => listVoices({signal}));
  } catch (error) {
    if (classifyError(error) === 'account' || signal?.aborted) throw error;
    onEvent?.({type: 'voices-unavailable', error: error instanceof Error ? error : new Error(String(error))});
    return null;
  }
};

const describeCueFailure = (ref: CueRef, error: Error): string => {
  const where = `Composition "${ref.compositionId}", cue "${ref.cueId}" (${quoteCueText(ref.text)})`;
  if (error instanceof ModerationError && error.remembered) {
    return `${where} was refused by ${error.refusedBy} on an earlier run: ${error.serviceMessage} No request was made: reword the line, or pass --force ${ref.cueId} to ask again (repeated refusals can hurt the account).`;
  }
  if (error instanceof ModerationError) {
    return `${where} was refused by ${error.refusedBy}: ${error.serviceMessage} Reword the line; moderated text is not retried automatically.`;
  }
  return `${where}: ${isNarrationError(error) ? error.message : `unexpected error: ${error.message}`}`;
};
