/** What a speech provider is asked to say. `speed` is 0.8 to 2.0 (1 = normal). */
export type SpeechRequest = {
  speakerId: string;
  /** Already normalized (see `normalizeText`). */
  text: string;
  speed: number;
  emotion: string | null;
};

export type SpeechResult = {
  /** The MP3 file's bytes. */
  mp3: Uint8Array;
};

export type SynthesizeOptions = {
  signal?: AbortSignal;
  /**
   * Wraps the part of the work that occupies the service (for Kling, the create request, not
   * the download), so the caller can limit how many run at once.
   */
  schedule?: <T>(work: () => Promise<T>) => Promise<T>;
};

/**
 * A text-to-speech backend. `id` is part of every cache key, so clips made by one provider are
 * never mistaken for another's.
 */
export type SpeechProvider = {
  readonly id: string;
  /** One line for logs, e.g. "Kling TTS via useapi.net". */
  readonly description: string;
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
