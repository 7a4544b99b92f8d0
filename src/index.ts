// `remotion-narration`: what a composition imports; safe in the browser bundle. Prepare, providers
// and measurement live in `remotion-narration/node`; everything else is internal.
export {
  narrationSchema,
  narrationCueSchema,
  narrationSceneSchema,
  type NarrationInput,
  type NarrationCue,
  type NarrationScene,
  type NarrationVoice,
} from './core/narration-schema.ts';
export type {NarrationLanguage} from './core/text/language.ts';
export {calculateNarrationMetadata, type NarratedProps} from './remotion/calculate-narration-metadata.ts';
export type {CompactNarrationTimeline} from './core/compact-timeline.ts';
export {Narration, type NarrationProps} from './remotion/Narration.tsx';
export type {LoudnessOptions} from './core/loudness/narration-gain.ts';
export {useNarrationCue, useNarrationScene, useNarrationTimeline} from './remotion/use-narration-cue.ts';
export type {NarrationTimeline, TimelineClip, TimelineCue, TimelineScene, TimelineSlot, TimelineVoice, TimelineWord} from './core/timeline.ts';
export {useNarrationCaptions} from './remotion/use-narration-captions.ts';
export {NarrationCaptions, type NarrationCaptionsProps} from './remotion/NarrationCaptions.tsx';
export {NarrationCaptionsArtifact} from './remotion/NarrationCaptionsArtifact.tsx';
export {useNarrationDucking} from './remotion/use-narration-ducking.ts';
export type {DuckingOptions} from './core/ducking.ts';
export * from './core/errors.ts';
