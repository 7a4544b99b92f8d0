import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {
  AccountError,
  AuthenticationError,
  InvalidInputError,
  ModerationError,
  SpeechServiceError,
} from '../../src/core/errors.ts';
import {measureMp3} from '../../src/node/mp3/measure-mp3.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {testSpeechDurationInSeconds} from '../fake-useapi/test-speech.ts';

const CREATE = '/v1/kling/tts/create';
const speech = {speakerId: 'uk_man2', text: 'Hello from the fake service.', speed: 1, emotion: null};

describe('Kling provider against a fake useapi.net', () => {
  let fake: FakeUseapi;
  beforeAll(async () => {
    fake = await startFakeUseapi();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  const provider = (overrides: Partial<Parameters<typeof createKlingProvider>[0]> = {}) =>
    createKlingProvider({token: fake.token, baseUrl: fake.baseUrl, ...overrides});

  it('creates speech, downloads the mp3 and sends the documented JSON body with the Bearer token', async () => {
    const {mp3} = await provider({email: 'narrator@example.com'}).synthesize({...speech, speed: 1.25, emotion: 'happy'});
    const audio = await measureMp3({data: mp3, name: 'clip'});
    expect(audio.durationInSeconds).toBeGreaterThan(testSpeechDurationInSeconds({text: speech.text, speed: 1.25}) - 0.05);
    const [create] = fake.requests.filter((request) => request.path === CREATE);
    expect(create!.authorization).toBe(`Bearer ${fake.token}`);
    expect(create!.contentType).toMatch(/application\/json/);
    expect(create!.body).toEqual({email: 'narrator@example.com', speakerId: 'uk_man2', text: speech.text, speed: 1.25, emotion: 'happy'});
    // The download goes to the resource URL without the token.
    const download = fake.requests.find((request) => request.path.startsWith('/resource/'));
    expect(download!.authorization).toBeUndefined();
  });

  it('says to check USEAPI_TOKEN on 401, without echoing the token', async () => {
    const error = await provider({token: 'user:1-wrongwrongwrong'}).synthesize(speech).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('Check USEAPI_TOKEN');
    expect((error as Error).message).not.toContain('wrongwrongwrong');
  });

  it('reports an unknown speakerId as bad input, naming it', async () => {
    const error = await provider().synthesize({...speech, speakerId: 'nobody'}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe('Kling TTS rejected the request: Unable to locate speakerId (speakerId "nobody", speed 1).');
  });

  it('tells moderation apart from a server error by the error text', async () => {
    const moderated = await provider().synthesize({...speech, text: 'Something forbidden.'}).catch((e: unknown) => e);
    expect(moderated).toBeInstanceOf(ModerationError);
    expect((moderated as ModerationError).serviceMessage).toContain('violate the community guidelines');

    fake.failNext('create', {status: 500, body: {error: 'Internal error', message: 'Service busy (CM_EXT.POther)'}});
    const serverError = await provider().synthesize(speech).catch((e: unknown) => e);
    expect(serverError).toBeInstanceOf(SpeechServiceError);
    expect((serverError as SpeechServiceError).transient).toBe(true);
  });

  it('treats 402 and 596 as account problems with the fix in the message', async () => {
    fake.failNext('create', {status: 402, body: {error: 'Subscription expired', code: 402}});
    const payment = await provider().synthesize(speech).catch((e: unknown) => e);
    expect(payment).toBeInstanceOf(AccountError);
    fake.failNext('create', {status: 596, body: {error: 'Account x@example.com in error state: refresh token rejected', code: 596}});
    const broken = await provider().synthesize(speech).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(AccountError);
    expect((broken as Error).message).toContain('needs to be re-added');
  });

  it('treats an unfinished status and a cut-short download as transient', async () => {
    fake.failNext('create', {status: 200, body: {status: 10, status_name: 'processing', status_final: false}});
    const unfinished = await provider().synthesize(speech).catch((e: unknown) => e);
    expect(unfinished).toBeInstanceOf(SpeechServiceError);
    expect((unfinished as SpeechServiceError).transient).toBe(true);

    // Cut short once: downloaded again from the same URL, with no new create.
    fake.failNext('resource', {kind: 'truncated-body'});
    const before = fake.count(CREATE);
    const recovered = await provider({downloadRetryDelayMs: 1}).synthesize(speech);
    expect(recovered.mp3.byteLength).toBeGreaterThan(1000);
    expect(fake.count(CREATE)).toBe(before + 1);

    // Cut short twice: a transient failure, for prepare to retry with a new create.
    fake.failNext('resource', {kind: 'truncated-body'}, 2);
    const truncated = await provider({downloadRetryDelayMs: 1}).synthesize(speech).catch((e: unknown) => e);
    expect(truncated).toBeInstanceOf(SpeechServiceError);
    expect((truncated as SpeechServiceError).transient).toBe(true);
  });

  it('gives up after the configured timeout with a sentence', async () => {
    fake.failNext('create', {kind: 'hang'});
    const error = await provider({timeoutMs: 300}).synthesize(speech).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpeechServiceError);
    expect((error as Error).message).toBe('POST /v1/kling/tts/create got no answer within 300 ms (set USEAPI_TIMEOUT_MS to wait longer).');
  });

  it('lists the voices with their emotions', async () => {
    const voices = await provider().listVoices();
    expect(voices.map((voice) => voice.speakerId)).toContain('uk_man2');
    expect(voices.find((voice) => voice.speakerId === 'oversea_male1')!.emotions).toEqual([]);
    expect(voices.find((voice) => voice.speakerId === 'uk_boy1')!.emotions).toContainEqual({key: 'sad', name: 'Sad', enabled: false});
  });
});
