import {
  AccountError,
  AuthenticationError,
  InvalidInputError,
  ModerationError,
  SpeechServiceError,
  TextTooLongError,
} from '../../../core/errors.ts';
import type {SpeechRequest} from '../speech-provider.ts';
import {parseJson} from './kling-http.ts';
import {klingErrorBodySchema} from './kling-schemas.ts';

/** How messages name who refused a text. */
export const KLING_MODERATION = "Kling's moderation";

/**
 * Kling answers moderation with a 500 whose `error` (not `message`, which stays generic) says
 * the content was refused; the wording varies ("appears to violate the community guidelines",
 * "content violation", "sensitive words", "prohibited content", ...), so the family is matched.
 */
const MODERATION_PATTERN =
  /violat|guideline|inappropriate|sensitive|moderat|prohibit|not allowed|disallowed|against (?:our|the) (?:policy|policies|rules|terms)|content (?:policy|security|safety|review|check|risk)|risk control|illegal|offensive|harmful|censor|banned/i;

/** A 500 whose `error` talks about the request's text or parameters rather than the server. */
const ABOUT_INPUT_PATTERN = /\b(text|input|content|parameters?|speaker(?:id)?|emotion|speed|length|too long|characters?|language|unsupported|invalid)\b/i;
/** ...unless it also says the server stumbled. */
const SERVER_FAULT_PATTERN = /time(?:d)? ?out|busy|internal|unavailable|overload|try again|gateway|upstream|network|connection/i;

/** The service says the text is too long for one request, whatever limit it means. */
const TOO_LONG_PATTERN = /too long|too many characters|exceeds? (?:the )?(?:max|limit|length)|maximum (?:length|characters)|length limit|longer than/i;

/** Whether the service's words say the text was refused on content grounds. */
export const isModerationText = (text: string): boolean => MODERATION_PATTERN.test(text);

const retryableStatuses = new Set([
  408, // Request Timeout
  429, // Too Many Requests: every configured Kling account is busy
]);

/** `Retry-After` as milliseconds: either delay-seconds or an HTTP date. */
export const parseRetryAfter = (value: string | null, now = Date.now()): number | null => {
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
};

/**
 * The library error for a useapi.net answer that is not 2xx, from its status, its `error` text and
 * its `Retry-After`. `speech` is the request it answered (null for the voices list).
 */
export const errorForStatus = ({
  status,
  bodyText,
  retryAfter,
  speech,
}: {
  status: number;
  bodyText: string;
  retryAfter: string | null;
  speech: SpeechRequest | null;
}): Error => {
  const body = klingErrorBodySchema.safeParse(parseJson(bodyText));
  const errorText = body.success && typeof body.data.error === 'string' ? body.data.error : '';
  const serviceSays = errorText ? `: ${errorText}` : '';
  if (status === 401) {
    return new AuthenticationError('useapi.net refused the API token (401 Unauthorized). Check USEAPI_TOKEN.');
  }
  if (status === 402) {
    return new AccountError(`useapi.net answered 402 Payment Required${serviceSays}. Renew the useapi.net subscription.`, status);
  }
  if (status === 596) {
    return new AccountError(
      `useapi.net answered 596${serviceSays}. The Kling account linked at useapi.net needs to be re-added there.`,
      status,
    );
  }
  if ((status === 400 || status === 413 || status === 500) && TOO_LONG_PATTERN.test(errorText)) {
    return new TextTooLongError(`Kling TTS refused the text as too long${serviceSays}.`);
  }
  if (status === 500 && isModerationText(errorText)) {
    return new ModerationError(`Kling moderated the text${serviceSays}`, errorText, {refusedBy: KLING_MODERATION});
  }
  if (status === 500 && ABOUT_INPUT_PATTERN.test(errorText) && !SERVER_FAULT_PATTERN.test(errorText)) {
    return new SpeechServiceError(`Kling TTS refused the text (HTTP 500)${serviceSays}`, {status, transient: true, aboutInput: true});
  }
  if (status === 400) {
    const about = speech ? ` (speakerId "${speech.speakerId}", speed ${speech.speed}${speech.emotion ? `, emotion "${speech.emotion}"` : ''})` : '';
    return new InvalidInputError(`Kling TTS rejected the request${serviceSays}${about}.`);
  }
  return new SpeechServiceError(
    status === 429
      ? // The service's own words say it better when it gave them; saying both repeats them.
        `Kling TTS answered 429${serviceSays || ': all configured accounts are busy'}.`
      : `Kling TTS answered HTTP ${status}${serviceSays}.`,
    {status, transient: retryableStatuses.has(status) || status >= 500, retryAfterMs: parseRetryAfter(retryAfter)},
  );
};
