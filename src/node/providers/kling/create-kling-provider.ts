import {
  AccountError,
  AuthenticationError,
  InvalidInputError,
  ModerationError,
  SpeechServiceError,
} from '../../../core/errors.ts';
import type {SpeechProvider, SpeechRequest, Voice} from '../speech-provider.ts';
import {
  klingCreateResponseSchema,
  klingErrorBodySchema,
  klingVoicesResponseSchema,
  type KlingVoice,
} from './kling-schemas.ts';

export const KLING_PROVIDER_ID = 'kling';
export const DEFAULT_USEAPI_BASE_URL = 'https://api.useapi.net';
/** Long text has been reported to take over a minute; be generous. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 180_000;

/**
 * Kling answers moderation with a 500 whose `error` (not `message`) says the content violates
 * the guidelines; other 500s are real server errors.
 */
const MODERATION_PATTERN = /violate|community guidelines|inappropriate|sensitive content/i;

const retryableStatuses = new Set([
  408, // Request Timeout
  429, // Too Many Requests: every configured Kling account is busy
]);

/** `Retry-After` as milliseconds: either delay-seconds or an HTTP date. */
const parseRetryAfter = (value: string | null): number | null => {
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
};

export type KlingProviderOptions = {
  /** useapi.net API token (`user:<number>-<string>`). Sent as a Bearer header and nowhere else. */
  token: string;
  /** Kling account at useapi.net; required when several are configured there. */
  email?: string;
  /** Default https://api.useapi.net. */
  baseUrl?: string;
  /** Per request (create, download, voices). Default 180 000 ms. */
  timeoutMs?: number;
  /** Called after every HTTP exchange, for `--verbose` logs. The token is already redacted. */
  onHttp?: (entry: HttpLogEntry) => void;
};

export type HttpLogEntry = {
  method: string;
  /** Host and path only (signed query strings left out). */
  url: string;
  /** Request headers as sent, with `Authorization: Bearer [redacted]`. */
  requestHeaders: Record<string, string>;
  status: number | null;
  durationMs: number;
};

export type KlingProvider = SpeechProvider & {
  listVoices(options?: {signal?: AbortSignal}): Promise<Voice[]>;
};

/** Kling text-to-speech through useapi.net (`POST /v1/kling/tts/create`). */
export const createKlingProvider = ({
  token,
  email,
  baseUrl = DEFAULT_USEAPI_BASE_URL,
  timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  onHttp,
}: KlingProviderOptions): KlingProvider => {
  const root = baseUrl.replace(/\/+$/, '');
  const authorization = `Bearer ${token}`;

  /** fetch with the timeout, and a log entry that never contains the token. */
  const send = async (url: string, init: RequestInit & {headers: Record<string, string>}, what: string, signal: AbortSignal | undefined) => {
    const startedAt = performance.now();
    let status: number | null = null;
    try {
      const response = await fetch(url, {...init, signal: withTimeout(signal, timeoutMs)});
      status = response.status;
      return response;
    } catch (error) {
      throw networkError(what, error, timeoutMs, signal);
    } finally {
      const requestHeaders = {...init.headers};
      if (requestHeaders.Authorization) requestHeaders.Authorization = 'Bearer [redacted]';
      onHttp?.({method: init.method ?? 'GET', url: describeUrl(url), requestHeaders, status, durationMs: performance.now() - startedAt});
    }
  };

  const request = (method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal | undefined): Promise<Response> =>
    send(
      `${root}${path}`,
      {
        method,
        headers: {Authorization: authorization, ...(body === undefined ? {} : {'Content-Type': 'application/json'})},
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      `${method} ${path.split('?')[0]}`,
      signal,
    );

  /** POST /tts/create: the job that counts against the account's concurrency. Returns the audio URL. */
  const create = async (speech: SpeechRequest, signal: AbortSignal | undefined): Promise<string> => {
    const response = await request(
      'POST',
      '/v1/kling/tts/create',
      {
        ...(email ? {email} : {}),
        speakerId: speech.speakerId,
        text: speech.text,
        speed: speech.speed,
        ...(speech.emotion === null ? {} : {emotion: speech.emotion}),
      },
      signal,
    );
    const text = await readBody(response, 'POST /v1/kling/tts/create', timeoutMs, signal);
    if (!response.ok) {
      throw errorForStatus(response, text, speech);
    }
    const parsed = klingCreateResponseSchema.safeParse(parseJson(text));
    if (!parsed.success) {
      throw new SpeechServiceError(`Kling TTS answered 200 with a body that is not the expected JSON.`, {
        status: response.status,
        transient: true,
      });
    }
    const {resource, status_name: statusName, status_final: statusFinal} = parsed.data;
    if (statusName !== 'succeed' || statusFinal === false || !resource) {
      // TTS has no task id to poll: an unfinished or failed status is an error of this request.
      throw new SpeechServiceError(
        `Kling TTS answered status "${statusName ?? 'none'}"${resource ? '' : ' without an audio URL'}.`,
        {status: response.status, transient: true},
      );
    }
    return resource;
  };

  const synthesize: SpeechProvider['synthesize'] = async (speech, {signal, schedule} = {}) => {
    const resource = await (schedule ? schedule(() => create(speech, signal)) : create(speech, signal));
    // Downloading is not a Kling job: it runs outside the scheduled part, beside other creates.
    return {mp3: await download(resource, signal)};
  };

  const download = async (resource: string, signal: AbortSignal | undefined): Promise<Uint8Array> => {
    const where = describeUrl(resource);
    // The resource URL is a plain download on another host: no Authorization header.
    const response = await send(resource, {method: 'GET', headers: {}}, `download of ${where}`, signal);
    const bytes = new Uint8Array(await readArrayBuffer(response, `download of ${where}`, timeoutMs, signal));
    if (!response.ok) {
      throw new SpeechServiceError(`Downloading the generated audio (${where}) failed with HTTP ${response.status}.`, {
        status: response.status,
        transient: true,
      });
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > 0 && bytes.byteLength !== declared) {
      throw new SpeechServiceError(
        `The generated audio (${where}) was cut short: ${bytes.byteLength} of ${declared} bytes arrived.`,
        {status: response.status, transient: true},
      );
    }
    return bytes;
  };

  const listVoices = async ({signal}: {signal?: AbortSignal} = {}): Promise<Voice[]> => {
    const query = email ? `?email=${encodeURIComponent(email)}` : '';
    const response = await request('GET', `/v1/kling/tts/voices${query}`, undefined, signal);
    const text = await readBody(response, 'GET /v1/kling/tts/voices', timeoutMs, signal);
    if (!response.ok) {
      throw errorForStatus(response, text, null);
    }
    const parsed = klingVoicesResponseSchema.safeParse(parseJson(text));
    if (!parsed.success) {
      throw new SpeechServiceError('The Kling voices list is not the expected JSON.', {
        status: response.status,
        transient: true,
      });
    }
    return (parsed.data.ttsList ?? []).map(toVoice);
  };

  return {id: KLING_PROVIDER_ID, description: 'Kling TTS via useapi.net', synthesize, listVoices};
};

const withTimeout = (signal: AbortSignal | undefined, timeoutMs: number): AbortSignal =>
  signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);

const readBody = async (
  response: Response,
  what: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<string> => new TextDecoder().decode(await readArrayBuffer(response, what, timeoutMs, signal));

const readArrayBuffer = async (
  response: Response,
  what: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<ArrayBuffer> => {
  try {
    return await response.arrayBuffer();
  } catch (error) {
    throw networkError(what, error, timeoutMs, signal);
  }
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Host and path only: signed query strings stay out of messages. */
const describeUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the audio URL';
  }
};

const networkError = (what: string, error: unknown, timeoutMs: number, signal: AbortSignal | undefined): Error => {
  if (signal?.aborted) {
    return signal.reason instanceof Error ? signal.reason : new Error('Aborted.');
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') {
    return new SpeechServiceError(`${what} got no answer within ${timeoutMs >= 1000 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`} (set USEAPI_TIMEOUT_MS to wait longer).`, {
      status: null,
      transient: true,
      cause: error,
    });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
  return new SpeechServiceError(`${what} failed: ${cause}.`, {status: null, transient: true, cause: error});
};

const errorForStatus = (response: Response, bodyText: string, speech: SpeechRequest | null): Error => {
  const status = response.status;
  const body = klingErrorBodySchema.safeParse(parseJson(bodyText));
  const errorText = body.success && typeof body.data.error === 'string' ? body.data.error : '';
  const serviceSays = errorText ? `: ${errorText}` : '';
  if (status === 401) {
    return new AuthenticationError('useapi.net refused the API token (401 Unauthorized). Check USEAPI_TOKEN.');
  }
  if (status === 402) {
    return new AccountError(
      `useapi.net answered 402 Payment Required${serviceSays}. Renew the useapi.net subscription.`,
      status,
    );
  }
  if (status === 596) {
    return new AccountError(
      `useapi.net answered 596${serviceSays}. The Kling account linked at useapi.net needs to be re-added there.`,
      status,
    );
  }
  if (status === 500 && MODERATION_PATTERN.test(errorText)) {
    return new ModerationError(`Kling moderated the text${serviceSays}`, errorText);
  }
  if (status === 400) {
    const about = speech ? ` (speakerId "${speech.speakerId}", speed ${speech.speed}${speech.emotion ? `, emotion "${speech.emotion}"` : ''})` : '';
    return new InvalidInputError(`Kling TTS rejected the request${serviceSays}${about}.`);
  }
  return new SpeechServiceError(
    status === 429
      ? `Kling TTS answered 429: all configured accounts are busy${serviceSays}.`
      : `Kling TTS answered HTTP ${status}${serviceSays}.`,
    {status, transient: retryableStatuses.has(status) || status >= 500, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'))},
  );
};

const toVoice = (voice: KlingVoice): Voice => ({
  speakerId: voice.speakerId,
  name: voice.name ?? null,
  // The docs mark every field optional: an emotion without `enable` is taken as usable.
  emotions: (voice.emotions ?? []).map((emotion) => ({key: emotion.key, name: emotion.name ?? null, enabled: emotion.enable !== false})),
});
