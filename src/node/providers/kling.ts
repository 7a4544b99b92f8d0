import {
  AccountError,
  AuthenticationError,
  InvalidInputError,
  ModerationError,
  SpeechServiceError,
} from '../../errors.ts';
import type {SpeechProvider, SpeechRequest, SpeechResult} from '../speech-provider.ts';
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

export type KlingProviderOptions = {
  /** useapi.net API token (`user:<number>-<string>`). Sent as a Bearer header and nowhere else. */
  token: string;
  /** Kling account at useapi.net; required when several are configured there. */
  email?: string;
  /** Default https://api.useapi.net. */
  baseUrl?: string;
  /** Per request (create, download, voices). Default 180 000 ms. */
  timeoutMs?: number;
};

export type KlingProvider = SpeechProvider & {
  listVoices(options?: {signal?: AbortSignal}): Promise<KlingVoice[]>;
};

/** Kling text-to-speech through useapi.net (`POST /v1/kling/tts/create`). */
export const createKlingProvider = ({
  token,
  email,
  baseUrl = DEFAULT_USEAPI_BASE_URL,
  timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
}: KlingProviderOptions): KlingProvider => {
  const root = baseUrl.replace(/\/+$/, '');
  const authorization = `Bearer ${token}`;

  const request = async (
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<Response> => {
    const url = `${root}${path}`;
    try {
      return await fetch(url, {
        method,
        headers: {
          Authorization: authorization,
          ...(body === undefined ? {} : {'Content-Type': 'application/json'}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: withTimeout(signal, timeoutMs),
      });
    } catch (error) {
      throw networkError(`${method} ${path}`, error, timeoutMs, signal);
    }
  };

  const synthesize = async (speech: SpeechRequest, {signal}: {signal?: AbortSignal} = {}): Promise<SpeechResult> => {
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
    return {mp3: await download(resource, signal)};
  };

  const download = async (resource: string, signal: AbortSignal | undefined): Promise<Uint8Array> => {
    const where = describeUrl(resource);
    let response: Response;
    try {
      // The resource URL is a plain download on another host: no Authorization header.
      response = await fetch(resource, {signal: withTimeout(signal, timeoutMs)});
    } catch (error) {
      throw networkError(`download of ${where}`, error, timeoutMs, signal);
    }
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

  const listVoices = async ({signal}: {signal?: AbortSignal} = {}): Promise<KlingVoice[]> => {
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
    return parsed.data.ttsList ?? [];
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
  return new SpeechServiceError(`Kling TTS answered HTTP ${status}${serviceSays}.`, {
    status,
    transient: status === 429 || status === 408 || status >= 500,
  });
};
