// A prepare with the offline draft voice in its own process, for kill and lock tests: the same
// library code the CLI runs after reading the compositions. Argument: one JSON object (see
// DraftWorkerInput). Prints one line per event the tests race on.
import type {LeaseTiming} from '../../src/node/prepare/prepare-lock.ts';
import {prepareNarration, type NarratedComposition} from '../../src/node/prepare/prepare-narration.ts';
import {createDraftVoiceProvider} from '../../src/node/providers/draft-voice/create-draft-voice-provider.ts';
import type {SpeechProvider} from '../../src/node/providers/speech-provider.ts';

export type DraftWorkerInput = {publicDir: string; compositions: NarratedComposition[]; concurrency?: number; lease?: LeaseTiming};

const input = JSON.parse(process.argv[2]!) as DraftWorkerInput;
const draftVoice = createDraftVoiceProvider();
// The real draft voice; a line as each synthesis returns (stdout to a pipe is synchronous on Linux and macOS).
const provider: SpeechProvider = {
  ...draftVoice,
  synthesize: async (request, options) => {
    const result = await draftVoice.synthesize(request, options);
    process.stdout.write('synthesized\n');
    return result;
  },
};
const result = await prepareNarration({
  compositions: input.compositions,
  provider,
  publicDir: input.publicDir,
  concurrency: input.concurrency,
  lease: input.lease,
  onEvent: (event) => {
    if (event.type === 'start') process.stdout.write(`start ${event.clipsToGenerate}\n`);
    if (event.type === 'clip-generated') process.stdout.write(`generated ${event.key}\n`);
    if (event.type === 'waiting-for-lock') process.stdout.write(`waiting ${event.holder.pid}\n`);
  },
});
process.stdout.write(`${JSON.stringify({synthesizeCalls: result.synthesizeCalls, generated: result.generatedClips, failed: result.failedCues.length})}\n`);
