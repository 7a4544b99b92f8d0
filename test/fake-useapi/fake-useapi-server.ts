import {createHash, randomBytes, randomInt} from 'node:crypto';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {gzipSync} from 'node:zlib';
import {
  synthesizeTestSpeech,
  TEST_SPEECH_DEFAULT_SAMPLE_RATE,
  TEST_SPEECH_LEADING_SILENCE_IN_SECONDS,
  TEST_SPEECH_TRAILING_SILENCE_IN_SECONDS,
} from './test-speech.ts';
import {clipMadeOnce} from './clips-of-the-run.ts';
import {synthesizeVariedSpeech, variedClipFormat, type FakeClipFormat} from './varied-mp3.ts';

/**
 * A fake of useapi.net's Kling TTS endpoints on loopback, built from useapi.net's documentation of
 * POST /v1/kling/tts/create and GET /v1/kling/tts/voices (status codes, bodies, limits).
 * It is deliberately no kinder than the real service: wrong types, unknown voices and
 * moderated words are refused with the documented status codes and bodies.
 */

export type FakeVoice = {
  name: string;
  speakerId: string;
  exampleUrl: string;
  new: boolean;
  emotions: {name: string; key: string; enable: boolean}[];
};

const emotion = (key: string, enable = true) => ({name: key[0]!.toUpperCase() + key.slice(1), key, enable});

/** The voices the fake knows. `emotions: []` on one of them, disabled emotions on some. */
export const FAKE_VOICES: readonly FakeVoice[] = [
  {name: 'Sunny Boy', speakerId: 'uk_boy1', exampleUrl: 'https://example.com/voices/uk_boy1.mp3', new: false, emotions: [emotion('neutral'), emotion('happy'), emotion('sad', false)]},
  {name: 'Calm Narrator', speakerId: 'uk_man2', exampleUrl: 'https://example.com/voices/uk_man2.mp3', new: false, emotions: [emotion('neutral'), emotion('happy'), emotion('sad'), emotion('angry')]},
  {name: 'Deep Voice', speakerId: 'oversea_male1', exampleUrl: 'https://example.com/voices/oversea_male1.mp3', new: false, emotions: []},
  {name: 'Chen Jiahao', speakerId: 'ai_chenjiahao_712', exampleUrl: 'https://example.com/voices/ai_chenjiahao_712.mp3', new: false, emotions: [emotion('neutral'), emotion('angry', false)]},
  {name: 'Commercial Lady', speakerId: 'commercial_lady_en_f-v1', exampleUrl: 'https://example.com/voices/commercial_lady_en_f-v1.mp3', new: true, emotions: [emotion('neutral'), emotion('happy')]},
  {name: 'Reader', speakerId: 'reader_en_m-v1', exampleUrl: 'https://example.com/voices/reader_en_m-v1.mp3', new: true, emotions: [emotion('neutral'), emotion('sad')]},
];

/** A speakerId the fake accepts. */
export const FAKE_DEFAULT_SPEAKER_ID = 'uk_man2';

/** Body of the documented moderation refusal (status 500). */
export const FAKE_MODERATION_BODY = {
  error: 'The content you uploaded appears to violate the community guidelines. (CM_EXT.POther)',
  message: 'Service busy (CM_EXT.POther)',
};

/** Words that make the fake answer with the moderation 500. */
const MODERATED_WORDS = /\b(forbidden|violence)\b/i;
const SPEED_RANGE = {min: 0.8, max: 2.0};

export type FaultRoute = 'create' | 'voices' | 'resource';

/**
 * What the next request to a route gets instead of its normal answer.
 * - `{status, body, headers, delayMs}`: that answer (`body` objects are sent as JSON, strings as is).
 * - `{kind: 'reset-connection'}`: the socket is destroyed without an answer.
 * - `{kind: 'hang'}`: no answer at all until the client gives up or the fake closes.
 * - `{kind: 'truncated-body', fraction}`: (resource) the real headers, including the full
 *   Content-Length, then only `fraction` (default 0.4) of the bytes, then the socket is destroyed.
 * - `{kind: 'gzip'}`: (resource) the clip compressed, with `Content-Encoding: gzip` and the
 *   Content-Length of the compressed bytes, as a CDN may send it.
 * - `{kind: 'success-body', body}`: (create) a real clip is made, but the answer's JSON is
 *   `body(resourceUrl)` instead of the documented one (fields missing, strings for numbers...).
 */
export type Fault =
  | {kind?: 'response'; status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number}
  | {kind: 'reset-connection'}
  | {kind: 'hang'}
  | {kind: 'truncated-body'; fraction?: number}
  | {kind: 'gzip'}
  | {kind: 'success-body'; body: (resource: string) => unknown};

export type FakeRequest = {
  method: string;
  /** Path with query string, e.g. `/v1/kling/tts/voices?email=a%40b.c`. */
  path: string;
  /** Parsed JSON, multipart/urlencoded fields as a string record, raw text otherwise, undefined if empty. */
  body: unknown;
  contentType: string | undefined;
  authorization: string | undefined;
};

/**
 * Which MP3s the fake serves. The real service's format is unknown, so tests can have both:
 * - `tagged`: a LAME Info frame first (encoder delay, padding, frame count), as `lame` and
 *   ffmpeg's libmp3lame write; gapless decoders return exactly the synthesized samples.
 * - `untagged`: lamejs's bare frames; decoders keep the 1105 samples of codec delay and the padding.
 * - `mixed`: tagged or untagged by a hash of the text (`fakeClipIsTagged`), so the clips of one
 *   composition include both kinds, and the same text always gets the same kind.
 * These three use 0.12 s of silence before the speech and 0.2 s after it, at `sampleRate`.
 * - `varied`: as unkind as real encoders. Per text (`fakeClipFormat`, see `variedClipFormat`):
 *   lamejs CBR with or without a LAME tag, or libmp3lame VBR with or without a Xing header,
 *   any of them behind a ~100 KB ID3v2 tag with a cover picture, at 24 or 44.1 kHz (unless
 *   `sampleRate` is given), with 0.05-0.4 s of silence before the speech and 0.1-0.6 s after,
 *   and consonants in the speech that make VBR bitrates vary as real speech does.
 */
export type FakeMp3Style = 'tagged' | 'untagged' | 'mixed' | 'varied';

/**
 * Whether the fake serves the clip for `text` with a LAME Info/Xing frame under `style`
 * (default 'mixed'); under 'varied', whether its encoding writes one.
 */
export const fakeClipIsTagged = (text: string, style: FakeMp3Style = 'mixed'): boolean => {
  if (style === 'varied') return hasLameHeader(variedClipFormat(text).encoding);
  if (style !== 'mixed') return style === 'tagged';
  return (createHash('sha256').update(text, 'utf8').digest()[0]! & 1) === 1;
};

/**
 * How the fake makes the clip for `text` under `style`: its encoding, tag, sample rate and
 * silences. `sampleRate` is the fake's option: every clip's rate, except under 'varied' where
 * it fixes the rate only when given.
 */
export const fakeClipFormat = (text: string, style: FakeMp3Style = 'mixed', sampleRate?: number): FakeClipFormat => {
  if (style === 'varied') return variedClipFormat(text, {sampleRate});
  return {
    encoding: fakeClipIsTagged(text, style) ? 'cbr-lame-tag' : 'cbr-no-tag',
    bigId3v2Tag: false,
    sampleRate: sampleRate ?? TEST_SPEECH_DEFAULT_SAMPLE_RATE,
    leadingSilenceInSeconds: TEST_SPEECH_LEADING_SILENCE_IN_SECONDS,
    trailingSilenceInSeconds: TEST_SPEECH_TRAILING_SILENCE_IN_SECONDS,
    consonants: false,
  };
};

/**
 * The bytes of a 'varied' clip, as the fake serves them (made once per test run for the same
 * input): for tests that look at what the service sent before the product changed it.
 */
export const synthesizeVariedClip = (input: {text: string; speed: number; format: FakeClipFormat; gainDb?: number}): Promise<Uint8Array> =>
  clipMadeOnce(`varied|${JSON.stringify([input.format, input.speed, input.text, input.gainDb ?? 0])}`, () => synthesizeVariedSpeech(input));

const hasLameHeader = (encoding: FakeClipFormat['encoding']): boolean => encoding === 'cbr-lame-tag' || encoding === 'vbr-xing';

export type FakeUseapiOptions = {
  /**
   * How much louder (dB; quieter when negative) each speaker speaks than the fake's usual level
   * (about -13.5 LUFS): Kling's voices come out at levels up to 11 LU apart. Default 0 for all.
   */
  levelsDb?: Record<string, number>;
  /** Delay before answering each create request, in milliseconds, or per text. Default 0. */
  latencyMs?: number | ((text: string) => number);
  /**
   * Sample rate of the generated MP3s in Hz. Default 44100; under `mp3Style: 'varied'`, 24000
   * or 44100 per text unless given.
   */
  sampleRate?: number;
  /**
   * Emails of the configured Kling accounts. With one, `email` is optional; with several it is
   * required. Default `['narrator@example.com']`.
   */
  accounts?: string[];
  /**
   * Longest `text` accepted, in characters (code points); longer text gets a 400. Default 150,
   * the stricter of the two documented limits.
   */
  maxTextLength?: number;
  /** Voices to offer instead of FAKE_VOICES. */
  voices?: readonly FakeVoice[];
  /** With or without a LAME Info tag, per text, or as varied as real encoders (see `FakeMp3Style`). Default 'mixed'. */
  mp3Style?: FakeMp3Style;
  /**
   * Create jobs the account runs at once (a job lasts `latencyMs`); one more gets 429 at once,
   * as useapi.net does when every configured account is busy. Default: no limit.
   */
  maxConcurrentJobs?: number;
  /** `Retry-After` seconds sent with that 429; none by default (useapi.net may omit it). */
  retryAfterSeconds?: number;
  /** Makes the MP3 of a successful create instead of synthesizing it (benchmarks: no CPU in the fake). */
  synthesize?: (input: {text: string; speed: number}) => Uint8Array;
};

export type FakeUseapi = {
  /** e.g. `http://127.0.0.1:40123`: use as USEAPI_BASE_URL. */
  baseUrl: string;
  /** The one token the fake accepts, `user:<number>-<20 alphanumerics>`. */
  token: string;
  voices: readonly FakeVoice[];
  /** The MP3 style in use: `fakeClipIsTagged(text, fake.mp3Style)` tells a clip's kind. */
  mp3Style: FakeMp3Style;
  /** How this fake makes (made) the clip for `text`: `fakeClipFormat` with its style and sample rate. */
  clipFormat: (text: string) => FakeClipFormat;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Pending faults per route, consumed first in first out. Push to it or use `failNext`. */
  faults: Record<FaultRoute, Fault[]>;
  /** Makes the next `times` (default 1) requests to `route` get `fault`. */
  failNext: (route: FaultRoute, fault: Fault, times?: number) => void;
  /** How many requests were received whose path starts with `pathPrefix`. */
  count: (pathPrefix: string) => number;
  /** Create requests refused with 429 because `maxConcurrentJobs` were running. */
  throttled: () => number;
  /** The most create jobs that ran at once. */
  peakJobs: () => number;
  /** Forgets requests, pending faults and generated clips. */
  reset: () => void;
  /** Stops the server and destroys every open socket. */
  close: () => Promise<void>;
};

/** Starts the fake on 127.0.0.1 at a free port. */
export const startFakeUseapi = async (options: FakeUseapiOptions = {}): Promise<FakeUseapi> => {
  const latencyOf = (body: unknown): number => {
    const latency = options.latencyMs ?? 0;
    if (typeof latency === 'number') return latency;
    const text = typeof body === 'object' && body !== null ? (body as {text?: unknown}).text : undefined;
    return latency(typeof text === 'string' ? text : '');
  };
  const sampleRate = options.sampleRate ?? TEST_SPEECH_DEFAULT_SAMPLE_RATE;
  const accounts = options.accounts ?? ['narrator@example.com'];
  const maxTextLength = options.maxTextLength ?? 150;
  const voices = options.voices ?? FAKE_VOICES;
  const mp3Style = options.mp3Style ?? 'mixed';
  const token = `user:${randomInt(1000, 100000)}-${randomAlphanumerics(20)}`;
  const requests: FakeRequest[] = [];
  const faults: Record<FaultRoute, Fault[]> = {create: [], voices: [], resource: []};
  const clips = new Map<string, Uint8Array>();
  let baseUrl = '';
  let runningJobs = 0;
  let peakJobs = 0;
  let throttled = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const contentType = req.headers['content-type'];
    const rawBody = await readBody(req);
    const body = await parseBody(rawBody, contentType);
    requests.push({method: req.method ?? '', path: url.pathname + url.search, body, contentType, authorization: req.headers.authorization});

    const route = routeOf(req.method, url.pathname);
    if (route === undefined) {
      sendJson(res, 404, {error: `Not found: ${req.method} ${url.pathname}`, code: 404});
      return;
    }
    const queued = faults[route].shift();
    // A success-body fault changes only the JSON of a create that otherwise succeeds.
    const successBody = queued?.kind === 'success-body' ? queued.body : null;
    const fault = successBody ? undefined : queued;
    if (fault) {
      await applyFault(fault, res, route === 'resource' ? clips.get(resourceId(url.pathname)) : undefined);
      return;
    }

    if (route === 'resource') {
      const clip = clips.get(resourceId(url.pathname));
      if (!clip) {
        sendJson(res, 404, {error: 'Not found'});
        return;
      }
      res.writeHead(200, {'Content-Type': 'audio/mpeg', 'Content-Length': String(clip.length)});
      res.end(clip);
      return;
    }

    if (req.headers.authorization !== `Bearer ${token}`) {
      sendJson(res, 401, {error: 'Unauthorized', code: 401});
      return;
    }

    const accountError = checkAccount(route === 'voices' ? url.searchParams.get('email') ?? undefined : fieldOf(body, 'email'), accounts);
    if (accountError) {
      sendJson(res, 400, {error: accountError});
      return;
    }

    if (route === 'voices') {
      sendJson(res, 200, {ttsList: voices, lastSpeakerId: voices[0]?.speakerId ?? '', typeList: ['en', 'zh']});
      return;
    }

    // route === 'create'
    if (options.maxConcurrentJobs !== undefined && runningJobs >= options.maxConcurrentJobs) {
      throttled++;
      const headers = options.retryAfterSeconds === undefined ? undefined : {'Retry-After': String(options.retryAfterSeconds)};
      sendJson(res, 429, {error: 'All configured Kling accounts are busy, try again later', code: 429}, headers);
      return;
    }
    runningJobs++;
    peakJobs = Math.max(peakJobs, runningJobs);
    try {
      const latencyMs = latencyOf(body);
      if (latencyMs > 0) {
        await sleep(latencyMs);
      }
    } finally {
      runningJobs--;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      sendJson(res, 400, {error: `Request body must be a JSON object or multipart/form-data (Content-Type: ${contentType ?? 'none'})`});
      return;
    }
    const outcome = validateCreate(body as Record<string, unknown>, {voices, maxTextLength, multipart: !isJson(contentType)});
    if ('error' in outcome) {
      sendJson(res, outcome.status, outcome.error);
      return;
    }
    let mp3 = options.synthesize?.({text: outcome.text, speed: outcome.speed});
    const gainDb = options.levelsDb?.[outcome.speakerId] ?? 0;
    if (!mp3 && mp3Style === 'varied') {
      mp3 = await synthesizeVariedClip({text: outcome.text, speed: outcome.speed, format: fakeClipFormat(outcome.text, mp3Style, options.sampleRate), gainDb});
    }
    if (!mp3) {
      const gaplessTag = fakeClipIsTagged(outcome.text, mp3Style);
      // Synthesis costs 0.1-0.3 s per second of audio and gives the same bytes for the same request.
      const key = `${sampleRate}|${outcome.speed}|${gaplessTag ? 'tagged' : 'untagged'}|${gainDb}|${outcome.text}`;
      mp3 = await clipMadeOnce(key, () => synthesizeTestSpeech({text: outcome.text, speed: outcome.speed, sampleRate, gaplessTag, gainDb}));
    }
    const id = randomAlphanumerics(24).toLowerCase();
    clips.set(id, mp3);
    const resource = `${baseUrl}/resource/${id}.mp3`;
    sendJson(res, 200, successBody ? successBody(resource) : {resource, status: 99, status_name: 'succeed', status_final: true});
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendJson(res, 500, {error: `Fake useapi crashed: ${error instanceof Error ? error.message : String(error)}`});
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    token,
    voices,
    mp3Style,
    clipFormat: (text) => fakeClipFormat(text, mp3Style, options.sampleRate),
    requests,
    faults,
    failNext: (route, fault, times = 1) => {
      for (let i = 0; i < times; i++) faults[route].push(fault);
    },
    count: (pathPrefix) => requests.filter((request) => request.path.startsWith(pathPrefix)).length,
    throttled: () => throttled,
    peakJobs: () => peakJobs,
    reset: () => {
      requests.length = 0;
      throttled = 0;
      peakJobs = 0;
      for (const route of Object.keys(faults) as FaultRoute[]) faults[route].length = 0;
      clips.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};

const routeOf = (method: string | undefined, pathname: string): FaultRoute | undefined => {
  if (method === 'GET' && pathname === '/v1/kling/tts/voices') return 'voices';
  if (method === 'POST' && pathname === '/v1/kling/tts/create') return 'create';
  if (method === 'GET' && /^\/resource\/[^/]+\.mp3$/.test(pathname)) return 'resource';
  return undefined;
};

const resourceId = (pathname: string): string => pathname.slice('/resource/'.length, -'.mp3'.length);

const checkAccount = (email: string | undefined, accounts: string[]): string | undefined => {
  if (email === undefined || email === '') {
    return accounts.length > 1 ? 'Parameter email is required when multiple accounts are configured' : undefined;
  }
  return accounts.includes(email) ? undefined : `Unable to find configured account ${email}`;
};

type CreateOutcome =
  | {text: string; speed: number; speakerId: string}
  | {status: number; error: Record<string, unknown>};

/** The create checks in the documented order, after authorization. */
const validateCreate = (
  body: Record<string, unknown>,
  {voices, maxTextLength, multipart}: {voices: readonly FakeVoice[]; maxTextLength: number; multipart: boolean},
): CreateOutcome => {
  const voice = voices.find((candidate) => candidate.speakerId === body.speakerId);
  if (!voice) {
    return {status: 400, error: {error: 'Unable to locate speakerId'}};
  }
  const text = body.text;
  if (typeof text !== 'string' || text.trim() === '') {
    return {status: 400, error: {error: 'Parameter text is required'}};
  }
  if ([...text].length > maxTextLength) {
    return {status: 400, error: {error: `Parameter text is too long (${[...text].length} characters, maximum ${maxTextLength})`}};
  }
  let speed = 1;
  if (body.speed !== undefined) {
    // Multipart fields arrive as strings; JSON must carry a number.
    const parsed = multipart && typeof body.speed === 'string' && body.speed.trim() !== '' ? Number(body.speed) : body.speed;
    if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed < SPEED_RANGE.min || parsed > SPEED_RANGE.max) {
      return {status: 400, error: {error: `Parameter speed must be a number from ${SPEED_RANGE.min} to ${SPEED_RANGE.max}, got ${JSON.stringify(body.speed)}`}};
    }
    speed = parsed;
  }
  if (body.emotion !== undefined) {
    const known = voice.emotions.find((candidate) => candidate.key === body.emotion && candidate.enable);
    if (!known) {
      const allowed = voice.emotions.filter((candidate) => candidate.enable).map((candidate) => candidate.key);
      return {status: 400, error: {error: `Parameter emotion ${JSON.stringify(body.emotion)} is not supported by speakerId ${voice.speakerId}; supported: ${allowed.join(', ') || 'none'}`}};
    }
  }
  if (MODERATED_WORDS.test(text)) {
    return {status: 500, error: FAKE_MODERATION_BODY};
  }
  return {text, speed, speakerId: voice.speakerId};
};

const applyFault = async (fault: Fault, res: ServerResponse, clip: Uint8Array | undefined): Promise<void> => {
  switch (fault.kind) {
    case 'reset-connection':
      res.socket?.destroy();
      return;
    case 'hang':
      return;
    case 'gzip': {
      const bytes = gzipSync(clip ?? new Uint8Array(4096));
      res.writeHead(200, {'Content-Type': 'audio/mpeg', 'Content-Encoding': 'gzip', 'Content-Length': String(bytes.length)});
      res.end(bytes);
      return;
    }
    case 'success-body':
      return; // handled by the create route
    case 'truncated-body': {
      const bytes = clip ?? new Uint8Array(4096);
      res.writeHead(200, {'Content-Type': 'audio/mpeg', 'Content-Length': String(bytes.length)});
      res.write(bytes.subarray(0, Math.floor(bytes.length * (fault.fraction ?? 0.4))), () => res.socket?.destroy());
      return;
    }
    default: {
      if (fault.delayMs) await sleep(fault.delayMs);
      const isText = typeof fault.body === 'string';
      const payload = fault.body === undefined ? '' : isText ? (fault.body as string) : JSON.stringify(fault.body);
      const headers: Record<string, string> = {'Content-Type': isText ? 'text/html; charset=utf-8' : 'application/json'};
      res.writeHead(fault.status, {...headers, ...fault.headers, 'Content-Length': String(Buffer.byteLength(payload))});
      res.end(payload);
    }
  }
};

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const isJson = (contentType: string | undefined): boolean => /^application\/json\b/i.test(contentType ?? '');

/**
 * Reads JSON, multipart/form-data or urlencoded bodies into a value (form fields as strings).
 * Anything else, including malformed JSON, stays raw text, which create refuses with a 400.
 */
const parseBody = async (raw: Buffer, contentType: string | undefined): Promise<unknown> => {
  if (raw.length === 0) return undefined;
  if (isJson(contentType)) {
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch {
      return raw.toString('utf8');
    }
  }
  if (contentType && /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(contentType)) {
    return (await parseForm(raw, contentType)) ?? raw.toString('utf8');
  }
  return raw.toString('utf8');
};

/** Parses form bodies with undici's `Request.formData()`, which understands multipart. */
const parseForm = async (raw: Buffer, contentType: string): Promise<Record<string, string> | undefined> => {
  try {
    const form = await new Request('http://localhost/', {method: 'POST', headers: {'content-type': contentType}, body: new Uint8Array(raw)}).formData();
    const fields: Record<string, string> = {};
    form.forEach((value, key) => {
      fields[key] = typeof value === 'string' ? value : `[file ${value.name}]`;
    });
    return fields;
  } catch {
    return undefined;
  }
};

const fieldOf = (body: unknown, name: string): string | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
};

const sendJson = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void => {
  const payload = JSON.stringify(body);
  res.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)), ...headers});
  res.end(payload);
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const ALPHANUMERICS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomAlphanumerics = (length: number): string =>
  Array.from(randomBytes(length), (byte) => ALPHANUMERICS[byte % ALPHANUMERICS.length]).join('');
