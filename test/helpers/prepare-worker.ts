// A prepare in its own process, for kill and concurrency tests: the same library code the CLI
// runs after reading the compositions. Arguments: one JSON object (see WorkerInput).
import {prepareNarration, type NarratedComposition} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';

export type WorkerInput = {publicDir: string; compositions: NarratedComposition[]; baseUrl: string; token: string; concurrency: number};

const input = JSON.parse(process.argv[2]!) as WorkerInput;
const result = await prepareNarration({
  compositions: input.compositions,
  provider: createKlingProvider({token: input.token, baseUrl: input.baseUrl}),
  publicDir: input.publicDir,
  concurrency: input.concurrency,
  retryDelayMs: 10,
  onEvent: (event) => {
    if (event.type === 'clip-generated') process.stdout.write(`generated ${event.key}\n`);
    if (event.type === 'waiting-for-lock') process.stdout.write(`waiting ${event.holder.pid}\n`);
  },
});
process.stdout.write(`${JSON.stringify({synthesizeCalls: result.synthesizeCalls, failed: result.failedCues.length})}\n`);
