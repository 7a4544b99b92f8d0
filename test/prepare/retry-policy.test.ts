import {describe, expect, it} from 'vitest';
import {
  AccountError,
  AuthenticationError,
  InvalidAudioError,
  InvalidInputError,
  ModerationError,
  SpeechServiceError,
} from '../../src/core/errors.ts';
import {
  backoff,
  classifyError,
  decideRetry,
  initialRetryState,
  MAX_RETRY_DELAY_MS,
  MAX_THROTTLED_DELAY_MS,
  type ErrorKind,
  type RetryState,
} from '../../src/node/prepare/retry-policy.ts';

const options = {maxRetries: 3, retryDelayMs: 2000, maxThrottledWaitMs: 15 * 60_000};
/** No jitter: random() = 0.5 makes the factor exactly 1. */
const noJitter = () => 0.5;
const state = (overrides: Partial<RetryState> = {}): RetryState => ({...initialRetryState, ...overrides});

describe('classifyError', () => {
  it.each([
    ['401', new AuthenticationError('x'), 'account'],
    ['402/596', new AccountError('x', 402), 'account'],
    ['429', new SpeechServiceError('x', {status: 429, transient: true}), 'throttled'],
    ['503', new SpeechServiceError('x', {status: 503, transient: true}), 'transient'],
    ['network, no status', new SpeechServiceError('x', {status: null, transient: true}), 'transient'],
    ['audio that does not decode', new InvalidAudioError('x'), 'transient'],
    ['a failure the service says is final', new SpeechServiceError('x', {status: null, transient: false}), 'final'],
    ['moderation', new ModerationError('x', 'y'), 'final'],
    ['bad input', new InvalidInputError('x'), 'final'],
    ['a bug', new TypeError('x'), 'final'],
  ] satisfies [string, Error, ErrorKind][])('%s is %s', (_name, error, kind) => {
    expect(classifyError(error)).toBe(kind);
  });
});

describe('decideRetry', () => {
  it.each([
    {
      name: 'first transient failure: retry after the base delay',
      kind: 'transient', retryAfterMs: null, before: state(), runStopped: false,
      decision: {action: 'retry', delayMs: 2000}, after: state({failedTries: 1}),
    },
    {
      name: 'third transient failure: the delay has doubled twice',
      kind: 'transient', retryAfterMs: null, before: state({failedTries: 2}), runStopped: false,
      decision: {action: 'retry', delayMs: 8000}, after: state({failedTries: 3}),
    },
    {
      name: 'transient failure with retries used up: fail',
      kind: 'transient', retryAfterMs: null, before: state({failedTries: 3}), runStopped: false,
      decision: {action: 'fail'}, after: state({failedTries: 3}),
    },
    {
      name: 'transient failure after the run was stopped: fail',
      kind: 'transient', retryAfterMs: null, before: state(), runStopped: true,
      decision: {action: 'fail'}, after: state(),
    },
    {
      name: 'Retry-After wins over the backoff',
      kind: 'transient', retryAfterMs: 1000, before: state({failedTries: 2}), runStopped: false,
      decision: {action: 'retry', delayMs: 1000}, after: state({failedTries: 3}),
    },
    {
      name: 'Retry-After is capped',
      kind: 'transient', retryAfterMs: 3_600_000, before: state(), runStopped: false,
      decision: {action: 'retry', delayMs: MAX_RETRY_DELAY_MS}, after: state({failedTries: 1}),
    },
    {
      name: '429: retried without counting as a failure',
      kind: 'throttled', retryAfterMs: null, before: state({failedTries: 3}), runStopped: false,
      decision: {action: 'retry', delayMs: 2000}, after: state({failedTries: 3, throttledTries: 1, throttledWaitMs: 2000}),
    },
    {
      name: 'many 429s: the wait stops growing at 10 s',
      kind: 'throttled', retryAfterMs: null, before: state({throttledTries: 9, throttledWaitMs: 60_000}), runStopped: false,
      decision: {action: 'retry', delayMs: MAX_THROTTLED_DELAY_MS}, after: state({throttledTries: 10, throttledWaitMs: 70_000}),
    },
    {
      name: '429 after 15 minutes of waiting: fail',
      kind: 'throttled', retryAfterMs: null, before: state({throttledTries: 90, throttledWaitMs: 15 * 60_000}), runStopped: false,
      decision: {action: 'fail'}, after: state({throttledTries: 90, throttledWaitMs: 15 * 60_000}),
    },
    {
      name: 'account failure: stop the run',
      kind: 'account', retryAfterMs: null, before: state(), runStopped: false,
      decision: {action: 'stop-run'}, after: state(),
    },
    {
      name: 'final failure: fail at once',
      kind: 'final', retryAfterMs: null, before: state(), runStopped: false,
      decision: {action: 'fail'}, after: state(),
    },
  ] satisfies {
    name: string;
    kind: ErrorKind;
    retryAfterMs: number | null;
    before: RetryState;
    runStopped: boolean;
    decision: unknown;
    after: RetryState;
  }[])('$name', ({kind, retryAfterMs, before, runStopped, decision, after}) => {
    const result = decideRetry({kind, retryAfterMs, state: before, options, runStopped, random: noJitter});
    expect(result.decision).toEqual(decision);
    expect(result.state).toEqual(after);
  });

  it('jitters by ±25 % at most', () => {
    const delay = (random: number) => backoff({attempt: 1, retryAfterMs: null, retryDelayMs: 2000, maxMs: MAX_RETRY_DELAY_MS, random: () => random});
    expect(delay(0)).toBe(1500);
    expect(delay(0.999999)).toBeCloseTo(2500, 0);
  });
});
