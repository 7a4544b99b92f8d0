import type {NarrationLanguage} from '../../core/text/language.ts';

/** What a speech provider is asked to say. `speed` is 0.8 to 2.0 (1 = normal). */
export type SpeechRequest = {
  speakerId: string;
  /** Already normalized (see `normalizeText`). */
  text: string;
  speed: number;
  emotion: string | null;
  /**
   * The language to speak the text in (see `languageOfCue`); absent means English. A provider
   * whose voices each speak one language (Kling) ignores it; one that picks its voice by
   * language (the draft voice) must key its clips by it (see `cacheKeyForClip`).
   */
  language?: NarrationLanguage;
};

export type SpeechResult = {
  /** The MP3 file's bytes. */
  mp3: Uint8Array;
  /**
   * Fetches the same audio again without a new request to the service, for when the bytes turn
   * out not to be MP3 (a provider that downloads its audio from a URL offers this).
   */
  downloadAgain?: () => Promise<Uint8Array>;
  /**
   * When each word is spoken, for a provider that knows (the draft voice): one [start, end] per
   * word of `wordsOf(request.text)`, in order, in seconds from the start of `mp3` as decoded
   * gaplessly (as `measureMp3` decodes it), and what produced them (`by`, with a version). Absent
   * when the provider does not know: the store measures them (`measureWordTiming`).
   */
  wordTiming?: {by: string; words: [number, number][]};
};

export type SynthesizeOptions = {
  signal?: AbortSignal;
  /**
   * Wraps the part of the work that occupies the service (for Kling, the create request, not
   * the download), so the caller can limit how many run at once. Called at most once per call.
   */
  schedule?: <T>(work: () => Promise<T>) => Promise<T>;
};

/** The most one request may ask of a provider; prepare checks them before sending anything. */
export type SpeechProviderLimits = {
  /** Longest text in one request, in characters (Unicode code points). */
  maxCharacters: number;
  /** Longest speech one request may produce, in seconds. */
  maxSpeechInSeconds: number;
  /** Whose limits these are, for messages: "Kling TTS". */
  setBy: string;
};

/**
 * A text-to-speech backend. `id` is part of every cache key, so clips made by one provider are
 * never mistaken for another's. A provider owns its limits, its wording and its quirks; prepare
 * only knows this contract. Failures are thrown as the library's errors:
 * `ModerationError` (with `refusedBy`), `InvalidInputError`, `SpeechServiceError` (`transient`,
 * `status`, `retryAfterMs`), `AuthenticationError`, `AccountError`, and the signal's reason when
 * aborted.
 */
export type SpeechProvider = {
  readonly id: string;
  /** One line for logs, e.g. "Kling TTS via useapi.net". */
  readonly description: string;
  readonly limits: SpeechProviderLimits;
  /** Who refuses text on content grounds, for messages ("Kling's moderation"); absent when nothing does. */
  readonly moderatedBy?: string;
  synthesize(request: SpeechRequest, options?: SynthesizeOptions): Promise<SpeechResult>;
  /** The speakers this provider knows, for checking cues before any request. */
  listVoices?(options?: {signal?: AbortSignal}): Promise<Voice[]>;
};

/** A speaker and the emotions it can speak with. */
export type Voice = {
  speakerId: string;
  name: string | null;
  emotions: {key: string; name: string | null; enabled: boolean}[];
};
