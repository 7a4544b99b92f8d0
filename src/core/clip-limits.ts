/** The most one clip may hold; long cue text is split into clips within these. */
export type ClipLimits = {
  /** Characters (Unicode code points) of spoken text. */
  maxCharacters: number;
  /** Estimated seconds of speech at the cue's speed. */
  maxSpeechInSeconds: number;
};

/**
 * What one Kling TTS request may hold. useapi.net documents both "at most 150 characters" and
 * "speech up to 15 seconds", without saying which the service enforces: both are checked. The
 * draft voice keeps them too, so a narration drafted offline splits into the same clips.
 */
export const KLING_CLIP_LIMITS: ClipLimits = {maxCharacters: 150, maxSpeechInSeconds: 15};

/**
 * The limits cues are split with where a composition's provider is not known yet (a composition
 * not prepared, whose timeline Studio estimates): Kling's. Prepare records each composition's
 * provider and limits in the manifest, and the timeline splits with those.
 */
export const DEFAULT_CLIP_LIMITS: ClipLimits = KLING_CLIP_LIMITS;
