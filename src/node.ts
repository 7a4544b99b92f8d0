// Node entry (`remotion-narration/node`): prepare, providers, measurement. Not for the browser bundle.
export {narrationBrowserExecutable, BROWSER_EXECUTABLE_ENV_VARIABLE} from './node/browser-executable.ts';
export {openClipStore, readManifestFile, type ClipStore} from './node/clip-store.ts';
export {loadRemotionConfig} from './node/load-remotion-config.ts';
export {measureFiles, type FileDuration} from './node/measure-files.ts';
export {measureMp3, SILENCE_THRESHOLD} from './node/measure-mp3.ts';
export {prepareNarration, type CueOutcome, type NarratedComposition, type PrepareEvent, type PrepareResult} from './node/prepare-narration.ts';
export {prepareProject, type PrepareProjectEvent, type PrepareProjectOptions, type PrepareProjectResult} from './node/prepare-project.ts';
export {createDraftVoiceProvider} from './node/providers/draft-voice.ts';
export {createKlingProvider, type KlingProvider, type KlingProviderOptions} from './node/providers/kling.ts';
export type {KlingVoice} from './node/providers/kling-schemas.ts';
export {readNarratedCompositions} from './node/read-narrated-compositions.ts';
export {speechProviderFromEnv} from './node/speech-provider-from-env.ts';
export type {SpeechProvider, SpeechRequest, SpeechResult} from './node/speech-provider.ts';
