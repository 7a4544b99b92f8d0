// Node entry (`remotion-narration/node`): prepare, providers, measurement. Not for the browser bundle.
export {createAdaptiveLimiter, type AdaptiveLimiter} from './node/adaptive-limiter.ts';
export {BROWSER_EXECUTABLE_ENV_VARIABLE, narrationBrowserExecutable} from './node/browser-executable.ts';
export {MAX_TEXT_LENGTH, findRequestProblem} from './node/check-clip-requests.ts';
export {openClipStore, readManifestFile, type ClipStore} from './node/clip-store.ts';
export {loadRemotionConfig} from './node/load-remotion-config.ts';
export {measureFiles, type FileDuration} from './node/measure-files.ts';
export {measureMp3, SILENCE_THRESHOLD} from './node/measure-mp3.ts';
export {planNarration, type NarrationPlan, type PlannedCue} from './node/plan-narration.ts';
export type {CueRef, NarratedComposition} from './node/plan-clips.ts';
export {prepareNarration, type CueOutcome, type PrepareEvent, type PrepareResult} from './node/prepare-narration.ts';
export {prepareProject, type PrepareProjectEvent, type PrepareProjectOptions, type PrepareProjectResult} from './node/prepare-project.ts';
export {createDraftVoiceProvider} from './node/providers/draft-voice.ts';
export {createKlingProvider, type HttpLogEntry, type KlingProvider, type KlingProviderOptions} from './node/providers/kling.ts';
export {pruneNarration, type PruneResult} from './node/prune-narration.ts';
export {readNarratedCompositions} from './node/read-narrated-compositions.ts';
export {readProjectCompositions, type ProjectOptions} from './node/read-project-compositions.ts';
export {speechProviderFromEnv} from './node/speech-provider-from-env.ts';
export type {SpeechProvider, SpeechRequest, SpeechResult, SynthesizeOptions, Voice} from './node/speech-provider.ts';
