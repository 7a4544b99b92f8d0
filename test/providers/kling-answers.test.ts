import {describe, expect, it} from 'vitest';
import {
  AccountError,
  AuthenticationError,
  InvalidInputError,
  ModerationError,
  SpeechServiceError,
} from '../../src/core/errors.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';

/**
 * How the Kling provider reads each answer of useapi.net, with an injected `fetch`: no socket,
 * no server. The real-HTTP fault matrix (test/prepare/fault-matrix.test.ts) proves the whole.
 */
const speech = {speakerId: 'uk_man2', text: 'Hello.', speed: 1, emotion: null};
const MP3 = new Uint8Array([0xff, 0xfb, 0x90, 0x64, ...new Array(413).fill(0)]);

type Answer = {status: number; body?: unknown; headers?: Record<string, string>};

/** A fetch that answers create with `create` and any download with an MP3. */
const fetchAnswering = (create: Answer): typeof fetch => async (input) => {
  const url = String(input);
  if (url.includes('/v1/kling/tts/create')) {
    const body = typeof create.body === 'string' ? create.body : JSON.stringify(create.body ?? {});
    return new Response(body, {status: create.status, headers: create.headers});
  }
  return new Response(MP3, {status: 200, headers: {'content-length': String(MP3.length)}});
};

const synthesizeWith = (create: Answer) =>
  createKlingProvider({token: 'user:1-abcdefghij', baseUrl: 'https://api.test', fetch: fetchAnswering(create)})
    .synthesize(speech)
    .then(
      (result): {ok: boolean; bytes?: number; error?: Error} => ({ok: true, bytes: result.mp3.length}),
      (error: Error) => ({ok: false, error}),
    );

const moderation = {
  error: 'The content you uploaded appears to violate the community guidelines. (CM_EXT.POther)',
  message: 'Service busy (CM_EXT.POther)',
};

describe('Kling provider: what each answer means', () => {
  it.each([
    {answer: {status: 401, body: {error: 'Unauthorized', code: 401}}, kind: AuthenticationError, transient: null, says: 'Check USEAPI_TOKEN'},
    {answer: {status: 402, body: {error: 'Subscription expired'}}, kind: AccountError, transient: null, says: 'Renew the useapi.net subscription'},
    {answer: {status: 596, body: {error: 'Account in error state'}}, kind: AccountError, transient: null, says: 'needs to be re-added'},
    {answer: {status: 400, body: {error: 'Unable to locate speakerId'}}, kind: InvalidInputError, transient: null, says: 'Unable to locate speakerId (speakerId "uk_man2", speed 1)'},
    {answer: {status: 500, body: moderation}, kind: ModerationError, transient: null, says: 'violate the community guidelines'},
    {answer: {status: 500, body: {error: 'Internal error'}}, kind: SpeechServiceError, transient: true, says: 'HTTP 500: Internal error'},
    {answer: {status: 502, body: '<html>Bad gateway</html>'}, kind: SpeechServiceError, transient: true, says: 'HTTP 502'},
    {answer: {status: 429, body: {error: 'All configured Kling accounts are busy, try again later'}}, kind: SpeechServiceError, transient: true, says: 'Kling TTS answered 429: All configured Kling accounts are busy, try again later.'},
    {answer: {status: 429, body: {}}, kind: SpeechServiceError, transient: true, says: 'Kling TTS answered 429: all configured accounts are busy.'},
    {answer: {status: 408, body: {}}, kind: SpeechServiceError, transient: true, says: 'HTTP 408'},
    {answer: {status: 404, body: {error: 'Not found'}}, kind: SpeechServiceError, transient: false, says: 'HTTP 404'},
    {answer: {status: 200, body: 'not json'}, kind: SpeechServiceError, transient: true, says: 'not the expected JSON'},
    {answer: {status: 200, body: {status_name: 'processing', status_final: false}}, kind: SpeechServiceError, transient: true, says: 'status "processing"'},
  ])('$answer.status $answer.body → $kind.name', async ({answer, kind, transient, says}) => {
    const result = await synthesizeWith(answer);
    expect(result.ok).toBe(false);
    const error = result.error!;
    expect(error).toBeInstanceOf(kind);
    expect(error.message).toContain(says);
    if (transient !== null) expect((error as SpeechServiceError).transient).toBe(transient);
  });

  it('names who refused a moderated text, for messages', async () => {
    const result = await synthesizeWith({status: 500, body: moderation});
    expect((result.error as ModerationError).refusedBy).toBe("Kling's moderation");
  });

  it('reads Retry-After in seconds and as a date', async () => {
    const seconds = await synthesizeWith({status: 429, body: {}, headers: {'retry-after': '7'}});
    expect((seconds.error as SpeechServiceError).retryAfterMs).toBe(7000);
    const date = await synthesizeWith({status: 503, body: {}, headers: {'retry-after': new Date(Date.now() + 30_000).toUTCString()}});
    expect((date.error as SpeechServiceError).retryAfterMs).toBeGreaterThan(25_000);
  });

  it('downloads the audio of a documented success', async () => {
    const result = await synthesizeWith({status: 200, body: {resource: 'https://cdn.test/a.mp3', status: 99, status_name: 'succeed', status_final: true}});
    expect(result).toEqual({ok: true, bytes: MP3.length});
  });
});
