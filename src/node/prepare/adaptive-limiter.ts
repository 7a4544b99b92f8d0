import {onAbort} from '../../core/on-abort.ts';

/**
 * How many speech jobs to have in flight at once, learnt from the service. useapi.net answers
 * 429 when every configured account is busy, and the accounts' capacity is not published.
 *
 * - Starts at `maxConcurrency`.
 * - A 429 lowers the limit below the number of jobs that were in flight when it came, since the
 *   service could not run that many: with 8 in flight against a capacity of 2, the six refusals
 *   bring the limit to 2 within one round.
 * - After a run of successes, the limit goes up by one to probe for capacity. Every probe that
 *   is refused doubles the successes needed before the next one, so a steady capacity costs
 *   few refused requests.
 */
export type AdaptiveLimiter = {
  /** Runs `work` when a slot is free; a 429 from it lowers the limit. */
  run<T>(work: () => Promise<T>, options?: {signal?: AbortSignal}): Promise<T>;
  readonly limit: number;
  readonly inFlight: number;
};

const MAX_SUCCESSES_BEFORE_PROBE = 256;

export const createAdaptiveLimiter = ({
  maxConcurrency,
  isThrottled,
}: {
  maxConcurrency: number;
  /** Whether an error means "too many jobs at once" (429). */
  isThrottled: (error: unknown) => boolean;
}): AdaptiveLimiter => {
  let limit = Math.max(1, maxConcurrency);
  let inFlight = 0;
  let successes = 0;
  let successesBeforeProbe = limit;
  const waiting: (() => void)[] = [];

  const wakeUp = () => {
    while (inFlight < limit && waiting.length > 0) {
      inFlight++;
      waiting.shift()!();
    }
  };

  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (inFlight < limit && waiting.length === 0) {
      inFlight++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      signal?.throwIfAborted();
      const cancel = signal
        ? onAbort(signal, () => {
            const index = waiting.indexOf(grant);
            if (index !== -1) waiting.splice(index, 1);
            reject(signal.reason);
          })
        : () => {};
      const grant = () => {
        cancel();
        resolve();
      };
      waiting.push(grant);
    });
  };

  const run = async <T>(work: () => Promise<T>, {signal}: {signal?: AbortSignal} = {}): Promise<T> => {
    await acquire(signal);
    try {
      const result = await work();
      successes++;
      if (limit < maxConcurrency && successes >= successesBeforeProbe) {
        limit++;
        successes = 0;
      }
      return result;
    } catch (error) {
      if (isThrottled(error)) {
        limit = Math.max(1, Math.min(limit - 1, inFlight - 1));
        successes = 0;
        successesBeforeProbe = Math.min(MAX_SUCCESSES_BEFORE_PROBE, successesBeforeProbe * 2);
      }
      throw error;
    } finally {
      inFlight--;
      wakeUp();
    }
  };

  return {
    run,
    get limit() {
      return limit;
    },
    get inFlight() {
      return inFlight;
    },
  };
};
