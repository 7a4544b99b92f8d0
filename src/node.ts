// Node entry (`remotion-narration/node`): prepare, providers, measurement. Not for the browser bundle.
export {createAdaptiveLimiter, type AdaptiveLimiter} from './node/prepare/adaptive-limiter.ts';
export {findRequestProblem} from './node/prepare/find-request-problem.ts';
export {planNarration, type NarrationPlan, type PlannedClip, type PlannedCue} from './node/prepare/plan-narration.ts';
export type {CueRef, NarratedComposition} from './node/prepare/plan-clips.ts';
export {prepareNarration, type CueOutcome, type PrepareEvent, type PrepareResult} from './node/prepare/prepare-narration.ts';
export {prepareProject, type PrepareProjectEvent, type PrepareProjectOptions, type PrepareProjectResult} from './node/prepare/prepare-project.ts';
export {pruneNarration, type PruneResult} from './node/prepare/prune-narration.ts';
export {classifyError, decideRetry, type ErrorKind, type RetryDecision} from './node/prepare/retry-policy.ts';
export {BROWSER_EXECUTABLE_ENV_VARIABLE, narrationBrowserExecutable} from './node/project/browser-executable.ts';
export {loadRemotionConfig} from './node/project/load-remotion-config.ts';
export {readNarratedCompositions} from './node/project/read-narrated-compositions.ts';
export {readProjectCompositions, type ProjectOptions} from './node/project/read-project-compositions.ts';
export {inspectMp3, type Mp3Inspection} from './node/mp3/inspect-mp3.ts';
export {measureFiles, type FileDuration} from './node/mp3/measure-files.ts';
export {measureMp3, SILENCE_THRESHOLD} from './node/mp3/measure-mp3.ts';
export {repairMp3Header, type Mp3HeaderRepair, type RepairedMp3} from './node/mp3/repair-mp3-header.ts';
import {KLING_LIMITS} from './node/providers/kling/create-kling-provider.ts';
export {createDraftVoiceProvider} from './node/providers/draft-voice/create-draft-voice-provider.ts';
export {
  createKlingProvider,
  KLING_LIMITS,
  type HttpLogEntry,
  type KlingProvider,
  type KlingProviderOptions,
} from './node/providers/kling/create-kling-provider.ts';
export {
  createScriptedProvider,
  type ScriptedOutcome,
  type ScriptedProvider,
  type ScriptedProviderOptions,
} from './node/providers/scripted/create-scripted-provider.ts';
export {speechProviderFromEnv} from './node/providers/speech-provider-from-env.ts';
export type {
  SpeechProvider,
  SpeechProviderLimits,
  SpeechRequest,
  SpeechResult,
  SynthesizeOptions,
  Voice,
} from './node/providers/speech-provider.ts';
export {openClipStore, type ClipRepair, type ClipStore} from './node/store/clip-store.ts';
export {readManifestFile} from './node/store/read-manifest-file.ts';

/** @deprecated Kling's character limit; use `KLING_LIMITS.maxCharacters` (or your provider's `limits`). */
export const MAX_TEXT_LENGTH = KLING_LIMITS.maxCharacters;
