import {
  AccountError,
  AuthenticationError,
  InvalidAudioError,
  SpeechServiceError,
} from '../../core/errors.ts';

/**
 * How prepare treats a failed speech job, decided from the error alone:
 * - `throttled`: the account is busy (429); wait and ask again, not counted as a failure;
 * - `transient`: the same request may succeed later (network, timeout, 5xx, a bad download);
 * - `about-input`: the service's error describes the text, not a fault of its own: tried once more;
 * - `account`: every request of the run would fail the same way (401, 402, 596): stop the run;
 * - `final`: this request will never succeed as it is (moderation, bad input, a bug).
 */
export type ErrorKind = 'throttled' | 'transient' | 'about-input' | 'account' | 'final';

export const classifyError = (error: unknown): ErrorKind => {
  if (error instanceof AuthenticationError || error instanceof AccountError) return 'account';
  if (error instanceof SpeechServiceError && error.status === 429) return 'throttled';
  if (error instanceof SpeechServiceError && error.aboutInput) return 'about-input';
  if ((error instanceof SpeechServiceError && error.transient) || error instanceof InvalidAudioError) return 'transient';
  return 'final';
};

export type RetryOptions = {
  /** Retries of a transient failure per clip. */
  maxRetries: number;
  /** First retry delay; doubles each time, with ±25 % jitter. */
  retryDelayMs: number;
  /** Total waiting after 429s per clip before it fails. */
  maxThrottledWaitMs: number;
};

/** What one clip's job has been through so far. */
export type RetryState = {failedTries: number; throttledTries: number; throttledWaitMs: number};

export const initialRetryState: RetryState = {failedTries: 0, throttledTries: 0, throttledWaitMs: 0};

export type RetryDecision =
  | {action: 'retry'; delayMs: number}
  | {action: 'fail'}
  /** Fail this clip and every clip not sent yet: the failure concerns the whole account. */
  | {action: 'stop-run'};

/** Longest wait between two tries, whatever `Retry-After` says. */
export const MAX_RETRY_DELAY_MS = 60_000;
/** Longest wait after a 429 without `Retry-After` (useapi.net's own scripts wait about 10 s). */
export const MAX_THROTTLED_DELAY_MS = 10_000;

/**
 * The decision after a failed try, and the job's state after it. Pure: no clock, no sleeping;
 * `random` (0 ≤ x < 1) gives the jitter.
 */
export const decideRetry = ({
  kind,
  retryAfterMs,
  state,
  options,
  runStopped,
  random,
}: {
  kind: ErrorKind;
  /** What the service asked for (`Retry-After`), if it said. */
  retryAfterMs: number | null;
  state: RetryState;
  options: RetryOptions;
  /** Whether an account-wide failure has already stopped the run. */
  runStopped: boolean;
  random: () => number;
}): {decision: RetryDecision; state: RetryState} => {
  if (kind === 'account') {
    return {decision: {action: 'stop-run'}, state};
  }
  if (kind === 'throttled' && state.throttledWaitMs < options.maxThrottledWaitMs) {
    const throttledTries = state.throttledTries + 1;
    const delayMs = backoff({attempt: throttledTries, retryAfterMs, retryDelayMs: options.retryDelayMs, maxMs: MAX_THROTTLED_DELAY_MS, random});
    return {
      decision: {action: 'retry', delayMs},
      state: {...state, throttledTries, throttledWaitMs: state.throttledWaitMs + delayMs},
    };
  }
  const retriesAllowed = kind === 'transient' ? options.maxRetries : kind === 'about-input' ? Math.min(1, options.maxRetries) : 0;
  if (state.failedTries < retriesAllowed && !runStopped) {
    const failedTries = state.failedTries + 1;
    const delayMs = backoff({attempt: failedTries, retryAfterMs, retryDelayMs: options.retryDelayMs, maxMs: MAX_RETRY_DELAY_MS, random});
    return {decision: {action: 'retry', delayMs}, state: {...state, failedTries}};
  }
  return {decision: {action: 'fail'}, state};
};

/** Exponential backoff with ±25 % jitter, or the service's `Retry-After` (capped) when it gave one. */
export const backoff = ({
  attempt,
  retryAfterMs,
  retryDelayMs,
  maxMs,
  random,
}: {
  attempt: number;
  retryAfterMs: number | null;
  retryDelayMs: number;
  maxMs: number;
  random: () => number;
}): number => {
  if (retryAfterMs !== null) return Math.min(MAX_RETRY_DELAY_MS, retryAfterMs);
  return Math.min(maxMs, retryDelayMs * 2 ** (attempt - 1)) * (0.75 + random() * 0.5);
};
