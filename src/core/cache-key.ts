import type {ClipRequest} from './clip-request.ts';
import {KLING_PROVIDER_ID} from './kling-provider-id.ts';
import {DEFAULT_LANGUAGE, spokenLanguageOf} from './text/language.ts';

/** Bump when the meaning of a key changes, so old clips are never mistaken for new ones. */
const CACHE_KEY_VERSION = 1;

/** Hex characters kept from the SHA-256: 80 bits, plenty for a project's clips, short in paths. */
export const CACHE_KEY_LENGTH = 20;

/** What every cache key looks like. Anything else (`../x`, `a/b`) is never a key: see `isCacheKey`. */
export const CACHE_KEY_PATTERN = new RegExp(`^[0-9a-f]{${CACHE_KEY_LENGTH}}$`);

/**
 * Providers whose audio the cue's language does not change: Kling is sent no language (the
 * speaker decides how a text is read), so its keys leave the language out and the clips made
 * before cues had a language, English and Chinese alike, keep their keys. Every other provider
 * (the draft voice speaks each language with its own eSpeak voice) keys by it.
 */
export const LANGUAGE_BLIND_PROVIDER_IDS: ReadonlySet<string> = new Set([KLING_PROVIDER_ID]);

/** Whether `value` has the form of a cache key, and so is safe to use as a file name. */
export const isCacheKey = (value: string): boolean => CACHE_KEY_PATTERN.test(value);

/**
 * The cache key of a clip: a hash of everything that changes its audio (provider, speaker, text,
 * speed, emotion, and the language where the provider's audio depends on it) and nothing else
 * (not the cue id, not the account). Uses Web Crypto, so the same code runs in Node (prepare)
 * and in the browser (`calculateMetadata`).
 *
 * English, the language every clip had before cues had one, adds nothing, so English keys are
 * what they always were; so are all of Kling's (see `LANGUAGE_BLIND_PROVIDER_IDS`).
 */
export const cacheKeyForClip = async (request: ClipRequest): Promise<string> => {
  // What the provider speaks the text in: for the draft voice, Mandarin for any Han character.
  const language = spokenLanguageOf(request);
  const keyedLanguage = language !== DEFAULT_LANGUAGE && !LANGUAGE_BLIND_PROVIDER_IDS.has(request.provider) ? [language] : [];
  const canonical = JSON.stringify([
    CACHE_KEY_VERSION,
    request.provider,
    request.speakerId,
    request.text,
    request.speed,
    request.emotion,
    ...keyedLanguage,
  ]);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, CACHE_KEY_LENGTH);
};
