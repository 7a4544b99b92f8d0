// Browser-safe entry: everything a composition imports. Node-only parts live in `remotion-narration/node`.
export {cacheKeyForClip} from './cache-key.ts';
export {calculateNarrationMetadata, type NarratedProps} from './calculate-narration-metadata.ts';
export {clipRequestsForCue, type ClipRequest} from './clip-request.ts';
export * from './errors.ts';
export {fetchManifest} from './fetch-manifest.ts';
export {manifestSchema, type ClipAudio, type Manifest, type ManifestClip} from './manifest-schema.ts';
export {Narration, type NarrationProps} from './Narration.tsx';
export {MANIFEST_PATH, NARRATION_FOLDER} from './narration-paths.ts';
export {
  MAX_SPEED,
  MIN_SPEED,
  narrationCueSchema,
  narrationSchema,
  narrationVoiceSchema,
  type Narration as NarrationInput,
  type NarrationCue,
  type NarrationVoice,
} from './narration-schema.ts';
export {normalizeText} from './normalize-text.ts';
export {parseNarration} from './parse-narration.ts';
export {resolveNarrationTimeline} from './resolve-narration-timeline.ts';
export {
  buildTimeline,
  estimateSpeechInSeconds,
  secondsToFramesRoundingUp,
  type NarrationTimeline,
  type TimelineClip,
  type TimelineCue,
} from './timeline.ts';
export {useNarrationCue, useNarrationTimeline} from './use-narration-cue.ts';
