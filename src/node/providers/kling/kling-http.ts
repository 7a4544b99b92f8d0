import {SpeechServiceError} from '../../../core/errors.ts';

export type HttpLogEntry = {
  method: string;
  /** Host and path only (signed query strings left out). */
  url: string;
  /** Request headers as sent, with `Authorization: Bearer [redacted]`. */
  requestHeaders: Record<string, string>;
  status: number | null;
  durationMs: number;
};

export type KlingHttp = {
  /** fetch with the timeout, and a log entry that never contains the token. */
  send(url: string, init: RequestInit & {headers: Record<string, string>}, what: string, signal: AbortSignal | undefined): Promise<Response>;
  /** The whole body as text; a connection lost while reading is a transient SpeechServiceError. */
  readText(response: Response, what: string, signal: AbortSignal | undefined): Promise<string>;
  /** The whole body as bytes, with the same error handling. */
  readBytes(response: Response, what: string, signal: AbortSignal | undefined): Promise<Uint8Array>;
};

/** The HTTP layer of the Kling provider: timeouts, logging with the token redacted, network errors as sentences. */
export const createKlingHttp = ({
  fetch,
  timeoutMs,
  onHttp,
}: {
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  onHttp?: (entry: HttpLogEntry) => void;
}): KlingHttp => {
  const send: KlingHttp['send'] = async (url, init, what, signal) => {
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

  const readBytes: KlingHttp['readBytes'] = async (response, what, signal) => {
    try {
      return new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw networkError(what, error, timeoutMs, signal);
    }
  };

  const readText: KlingHttp['readText'] = async (response, what, signal) =>
    new TextDecoder().decode(await readBytes(response, what, signal));

  return {send, readText, readBytes};
};

const withTimeout = (signal: AbortSignal | undefined, timeoutMs: number): AbortSignal =>
  signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);

/** Host and path only: signed query strings stay out of messages. */
export const describeUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the audio URL';
  }
};

export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
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
