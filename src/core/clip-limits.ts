/** The most one clip may hold; long cue text is split into clips within these. */
export type ClipLimits = {
  /** Characters (Unicode code points) of spoken text. */
  maxCharacters: number;
  /** Estimated seconds of speech at the cue's speed. */
  maxSpeechInSeconds: number;
};

/**
 * Kling TTS's limits (150 characters, 15 s of speech), used where the provider's own are not
 * known yet: a composition not prepared, whose timeline Studio estimates. Prepare records each
 * provider's limits in the manifest, and the timeline splits with those.
 */
export const DEFAULT_CLIP_LIMITS: ClipLimits = {maxCharacters: 150, maxSpeechInSeconds: 15};
