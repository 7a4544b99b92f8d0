import {KLING_PROVIDER_ID} from '../../../core/kling-provider-id.ts';
import {ModerationError, SpeechServiceError} from '../../../core/errors.ts';
import {sleep} from '../../../core/sleep.ts';
import type {SpeechProvider, SpeechProviderLimits, SpeechRequest, Voice} from '../speech-provider.ts';
import {errorForStatus, isModerationText, KLING_MODERATION} from './kling-errors.ts';
import {createKlingHttp, describeUrl, parseJson, type HttpLogEntry} from './kling-http.ts';
import {klingCreateResponseSchema, klingVoicesResponseSchema, type KlingVoice} from './kling-schemas.ts';
import {readCreateAnswer} from './read-create-answer.ts';
import {KLING_CLIP_LIMITS} from '../../../core/clip-limits.ts';

export type {HttpLogEntry};

export {KLING_PROVIDER_ID};
export const DEFAULT_USEAPI_BASE_URL = 'https://api.useapi.net';
/** Long text has been reported to take over a minute; be generous. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 180_000;

/** What one Kling TTS request may hold (see `KLING_CLIP_LIMITS`). */
export const KLING_LIMITS: SpeechProviderLimits = {...KLING_CLIP_LIMITS, setBy: 'Kling TTS'};

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
  /** Default: Node's global `fetch`. Tests pass their own to check the answers' mapping without sockets. */
  fetch?: typeof globalThis.fetch;
  /** Wait before downloading the audio again from the same URL after a failed download. Default 1000 ms. */
  downloadRetryDelayMs?: number;
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
  fetch = globalThis.fetch,
  downloadRetryDelayMs = 1000,
}: KlingProviderOptions): KlingProvider => {
  const root = baseUrl.replace(/\/+$/, '');
  const authorization = `Bearer ${token}`;
  const http = createKlingHttp({fetch, timeoutMs, onHttp});

  const request = (method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal | undefined): Promise<Response> =>
    http.send(
      `${root}${path}`,
      {
        method,
        headers: {Authorization: authorization, ...(body === undefined ? {} : {'Content-Type': 'application/json'})},
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      `${method} ${path.split('?')[0]}`,
      signal,
    );

  const fail = (response: Response, bodyText: string, speech: SpeechRequest | null) =>
    errorForStatus({status: response.status, bodyText, retryAfter: response.headers.get('retry-after'), speech});

  /** POST /tts/create: the job that counts against the account's concurrency. Returns the audio URL. */
  const create = async (speech: SpeechRequest, signal: AbortSignal | undefined): Promise<string> => {
    const response = await request(
      'POST',
      '/v1/kling/tts/create',
      // No language: useapi's create takes none, the speaker decides (and so `speech.language`
      // is left out of Kling's cache keys).
      {
        ...(email ? {email} : {}),
        speakerId: speech.speakerId,
        text: speech.text,
        speed: speech.speed,
        ...(speech.emotion === null ? {} : {emotion: speech.emotion}),
      },
      signal,
    );
    const text = await http.readText(response, 'POST /v1/kling/tts/create', signal);
    if (!response.ok) {
      throw fail(response, text, speech);
    }
    const parsed = klingCreateResponseSchema.safeParse(parseJson(text));
    if (!parsed.success) {
      throw new SpeechServiceError(`Kling TTS answered 200 with a body that is not the expected JSON.`, {
        status: response.status,
        transient: true,
      });
    }
    const answer = readCreateAnswer(parsed.data);
    switch (answer.kind) {
      case 'ready':
        return answer.resource;
      case 'failed':
        if (answer.error && isModerationText(answer.error)) {
          throw new ModerationError(`Kling moderated the text: ${answer.error}`, answer.error, {refusedBy: KLING_MODERATION});
        }
        throw new SpeechServiceError(`Kling TTS said the speech failed${answer.error ? `: ${answer.error}` : ' (no reason given)'}.`, {
          status: response.status,
          transient: true,
        });
      case 'pending':
        // TTS has no task id to poll: an unfinished job is an error of this request.
        throw new SpeechServiceError(`Kling TTS answered status "${answer.statusName ?? 'not final'}" without the audio.`, {
          status: response.status,
          transient: true,
        });
      case 'no-resource':
        throw new SpeechServiceError('Kling TTS answered 200 without an audio URL.', {status: response.status, transient: true});
    }
  };

  const synthesize: SpeechProvider['synthesize'] = async (speech, {signal, schedule} = {}) => {
    const resource = await (schedule ? schedule(() => create(speech, signal)) : create(speech, signal));
    // Downloading is not a Kling job: it runs outside the scheduled part, beside other creates.
    // A failed download is tried once more from the same URL before anyone pays for a new create.
    const mp3 = await download(resource, signal).catch(async (error: unknown) => {
      if (signal?.aborted || !(error instanceof SpeechServiceError)) throw error;
      await sleep(downloadRetryDelayMs, signal);
      return download(resource, signal);
    });
    return {mp3, downloadAgain: () => download(resource, signal)};
  };

  const download = async (resource: string, signal: AbortSignal | undefined): Promise<Uint8Array> => {
    const where = describeUrl(resource);
    // The resource URL is a plain download on another host: no Authorization header.
    const response = await http.send(resource, {method: 'GET', headers: {}}, `download of ${where}`, signal);
    const bytes = await http.readBytes(response, `download of ${where}`, signal);
    if (!response.ok) {
      throw new SpeechServiceError(`Downloading the generated audio (${where}) failed with HTTP ${response.status}.`, {
        status: response.status,
        transient: true,
      });
    }
    // Content-Length counts the bytes on the wire: with Content-Encoding (gzip...) fetch hands over
    // the decoded body, whose length is not comparable.
    const encoded = (response.headers.get('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
    const declared = Number(response.headers.get('content-length'));
    if (!encoded && Number.isFinite(declared) && declared > 0 && bytes.byteLength !== declared) {
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
    const text = await http.readText(response, 'GET /v1/kling/tts/voices', signal);
    if (!response.ok) {
      throw fail(response, text, null);
    }
    const parsed = klingVoicesResponseSchema.safeParse(parseJson(text));
    // Without a list of voices nothing can be checked: "unknown", never "no voice exists".
    if (!parsed.success || !parsed.data.ttsList?.length) {
      throw new SpeechServiceError(
        `The Kling voices list ${parsed.success ? 'has no voices (no "ttsList")' : 'is not the expected JSON'}.`,
        {status: response.status, transient: true},
      );
    }
    return parsed.data.ttsList.map(toVoice);
  };

  return {id: KLING_PROVIDER_ID, description: 'Kling TTS via useapi.net', limits: KLING_LIMITS, moderatedBy: KLING_MODERATION, synthesize, listVoices};
};

const toVoice = (voice: KlingVoice): Voice => ({
  speakerId: voice.speakerId,
  name: voice.name ?? null,
  // The docs mark every field optional: an emotion without `enable` is taken as usable.
  emotions: (voice.emotions ?? []).map((emotion) => ({key: emotion.key, name: emotion.name ?? null, enabled: emotion.enable !== false})),
});
