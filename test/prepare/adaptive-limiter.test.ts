import {describe, expect, it} from 'vitest';
import {createAdaptiveLimiter} from '../../src/node/prepare/adaptive-limiter.ts';

class Throttled extends Error {}

/** A service that runs `capacity` jobs at once and refuses more, like useapi.net's 429. */
const service = (capacity: number) => {
  let running = 0;
  let peak = 0;
  let refused = 0;
  const job = async () => {
    if (running >= capacity) {
      refused++;
      throw new Throttled();
    }
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running--;
  };
  return {job, stats: () => ({peak, refused})};
};

const runAll = async (jobs: number, maxConcurrency: number, capacity: number) => {
  const {job, stats} = service(capacity);
  const limiter = createAdaptiveLimiter({maxConcurrency, isThrottled: (error) => error instanceof Throttled});
  const limits: number[] = [];
  await Promise.all(
    Array.from({length: jobs}, async () => {
      for (;;) {
        try {
          await limiter.run(job);
          limits.push(limiter.limit);
          return;
        } catch (error) {
          if (!(error instanceof Throttled)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }
    }),
  );
  return {...stats(), limits, finalLimit: limiter.limit};
};

describe('createAdaptiveLimiter', () => {
  it('never runs more than the limit at once', async () => {
    const {peak, refused} = await runAll(20, 3, 10);
    expect(peak).toBe(3);
    expect(refused).toBe(0);
  });

  it('comes down to the service capacity after one round of refusals', async () => {
    const {refused, limits} = await runAll(60, 8, 2);
    expect(limits.slice(0, 10).every((limit) => limit <= 3)).toBe(true);
    // Probes above the capacity get rarer: far fewer refusals than jobs.
    expect(refused).toBeLessThan(20);
  });

  it('goes back up after successes when capacity returns', async () => {
    const limiter = createAdaptiveLimiter({maxConcurrency: 4, isThrottled: (error) => error instanceof Throttled});
    await Promise.all(
      Array.from({length: 4}, (_, i) => limiter.run(async () => {
        if (i > 0) throw new Throttled();
      })).map((p) => p.catch(() => undefined)),
    );
    expect(limiter.limit).toBeLessThan(4);
    // Three refusals made probes 8× rarer: 32 successes per step back up.
    for (let i = 0; i < 3 * 32; i++) await limiter.run(async () => undefined);
    expect(limiter.limit).toBe(4);
  });
});
