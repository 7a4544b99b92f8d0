// `remotion-narration/node`: prepare, plan and prune as functions, the speech providers, and MP3
// lengths. Not for the browser bundle; everything not exported here is internal.
export {prepareProject, type PrepareProjectEvent, type PrepareProjectOptions, type PrepareProjectResult} from './node/prepare/prepare-project.ts';
export {prepareNarration, type CueOutcome, type PrepareEvent, type PrepareNarrationOptions, type PrepareResult} from './node/prepare/prepare-narration.ts';
export {planNarration, type NarrationPlan, type PlannedClip, type PlannedCue} from './node/prepare/plan-narration.ts';
export {pruneNarration, type PruneResult} from './node/prepare/prune-narration.ts';
export type {CueRef, NarratedComposition} from './node/prepare/plan-clips.ts';
export {readProjectCompositions, type ProjectOptions} from './node/project/read-project-compositions.ts';
export {createKlingProvider, type KlingProviderOptions} from './node/providers/kling/create-kling-provider.ts';
export {createDraftVoiceProvider} from './node/providers/draft-voice/create-draft-voice-provider.ts';
export {createScriptedProvider, type ScriptedOutcome, type ScriptedProvider, type ScriptedProviderOptions} from './node/providers/scripted/create-scripted-provider.ts';
export type {SpeechProvider, SpeechProviderLimits, SpeechRequest, SpeechResult, SynthesizeOptions, Voice} from './node/providers/speech-provider.ts';
export {measureFiles, type FileDuration} from './node/mp3/measure-files.ts';
export {narrationBrowserExecutable} from './node/project/browser-executable.ts';
