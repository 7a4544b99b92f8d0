// Browser-safe entry: everything a composition imports. Node-only parts live in `remotion-narration/node`.
export {CACHE_KEY_LENGTH, cacheKeyForClip, isCacheKey} from './core/cache-key.ts';
export {DEFAULT_CLIP_LIMITS, type ClipLimits} from './core/clip-limits.ts';
export {clipRequestsForCue, splitCue, type ClipRequest, type CueClipRequest, type CueSplit, type WrittenWord} from './core/clip-request.ts';
export {cueClips, type CueClip, type KeyedCue} from './core/cue-clips.ts';
export * from './core/errors.ts';
export {manifestSchema, type ClipAudio, type Manifest, type ManifestClip} from './core/manifest-schema.ts';
export {clipFileForKey, MANIFEST_PATH, NARRATION_FOLDER} from './core/narration-paths.ts';
export {
  MAX_SPEED,
  MIN_SPEED,
  narrationCueSchema,
  narrationSchema,
  narrationVoiceSchema,
  pronunciationsSchema,
  type Narration as NarrationInput,
  type NarrationCue,
  type NarrationVoice,
} from './core/narration-schema.ts';
export {normalizeText} from './core/normalize-text.ts';
export {applyPronunciations} from './core/text/apply-pronunciations.ts';
export {splitTextIntoClips, type ClipSpan} from './core/text/split-text.ts';
export {parseNarration} from './core/parse-narration.ts';
export {resolveNarrationTimeline} from './core/resolve-narration-timeline.ts';
export {estimateSpeechInSeconds} from './core/text/estimate-speech.ts';
export {
  buildTimeline,
  secondsToFramesRoundingUp,
  type NarrationTimeline,
  type TimelineClip,
  type TimelineCue,
  type TimelineWord,
} from './core/timeline.ts';
export {calculateNarrationMetadata, type NarratedProps} from './remotion/calculate-narration-metadata.ts';
export type {CompactNarrationTimeline} from './core/compact-timeline.ts';
export {fetchManifest} from './remotion/fetch-manifest.ts';
export {Narration, type NarrationProps} from './remotion/Narration.tsx';
export {useNarrationCue, useNarrationTimeline} from './remotion/use-narration-cue.ts';
export {useNarrationCaptions} from './remotion/use-narration-captions.ts';
export {useNarrationDucking} from './remotion/use-narration-ducking.ts';
export {NarrationCaptions, type NarrationCaptionsProps} from './remotion/NarrationCaptions.tsx';
export {NarrationCaptionsArtifact} from './remotion/NarrationCaptionsArtifact.tsx';
export {captionPages, type CaptionPage} from './core/captions/caption-pages.ts';
export {formatCaptions, type CaptionFormat} from './core/captions/format-captions.ts';
export {narrationCaptions} from './core/captions/narration-captions.ts';
export {duckingVolume, type DuckingOptions} from './core/ducking.ts';
