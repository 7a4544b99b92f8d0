// Browser-safe entry: everything a composition imports. Node-only parts live in `remotion-narration/node`.
export {cacheKeyForClip} from './core/cache-key.ts';
export {calculateNarrationMetadata, type NarratedProps} from './remotion/calculate-narration-metadata.ts';
export {clipRequestsForCue, type ClipRequest} from './core/clip-request.ts';
export * from './core/errors.ts';
export {fetchManifest} from './remotion/fetch-manifest.ts';
export {manifestSchema, type ClipAudio, type Manifest, type ManifestClip} from './core/manifest-schema.ts';
export {Narration, type NarrationProps} from './remotion/Narration.tsx';
export {MANIFEST_PATH, NARRATION_FOLDER} from './core/narration-paths.ts';
export {
  MAX_SPEED,
  MIN_SPEED,
  narrationCueSchema,
  narrationSchema,
  narrationVoiceSchema,
  type Narration as NarrationInput,
  type NarrationCue,
  type NarrationVoice,
} from './core/narration-schema.ts';
export {normalizeText} from './core/normalize-text.ts';
export {parseNarration} from './core/parse-narration.ts';
export {resolveNarrationTimeline} from './core/resolve-narration-timeline.ts';
export {
  buildTimeline,
  estimateSpeechInSeconds,
  secondsToFramesRoundingUp,
  type NarrationTimeline,
  type TimelineClip,
  type TimelineCue,
} from './core/timeline.ts';
export {useNarrationCue, useNarrationTimeline} from './remotion/use-narration-cue.ts';
