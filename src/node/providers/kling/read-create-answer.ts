import type {KlingCreateResponse} from './kling-schemas.ts';

/** What a 200 of POST /tts/create says. */
export type CreateAnswer =
  | {kind: 'ready'; resource: string}
  /** The body says the speech failed; `error` is the service's own text, if it gave one. */
  | {kind: 'failed'; error: string | null}
  /** The body says the job is not finished; TTS has no task id to poll. */
  | {kind: 'pending'; statusName: string | null}
  /** Neither failed nor pending, but no audio URL to download. */
  | {kind: 'no-resource'};

const PENDING_STATUS_NAMES = new Set(['submitted', 'processing', 'queued', 'pending', 'running']);

/** `true`, `"true"`, `false`, `"false"`, or absent/anything else as null. */
const asBoolean = (value: unknown): boolean | null => {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return null;
};

const isUsableUrl = (value: string | undefined): value is string => {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

/**
 * Reads a create answer as the endpoint's page describes it, where every field is optional: any
 * answer with a usable `resource` URL is the audio, unless the body says it failed or is not
 * final. `status_name`, `status` and `status_final` may be missing or strings.
 */
export const readCreateAnswer = (body: KlingCreateResponse): CreateAnswer => {
  const statusName = body.status_name?.toLowerCase() ?? null;
  if (statusName === 'failed' || statusName === 'fail' || statusName === 'error') {
    return {kind: 'failed', error: body.error || null};
  }
  if (asBoolean(body.status_final) === false || (statusName !== null && PENDING_STATUS_NAMES.has(statusName))) {
    return {kind: 'pending', statusName};
  }
  if (isUsableUrl(body.resource)) {
    return {kind: 'ready', resource: body.resource};
  }
  if (body.error) {
    return {kind: 'failed', error: body.error};
  }
  return {kind: 'no-resource'};
};
