import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Narration} from '../../src/core/narration-schema.ts';
import {prepareNarration, type PrepareResult} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {FAKE_DEFAULT_SPEAKER_ID, startFakeUseapi} from '../../test/fake-useapi/fake-useapi-server.ts';
import {synthesizeTestSpeech} from '../../test/fake-useapi/test-speech.ts';
import {ratio, type RowReport} from './report.ts';
import {formatSeconds, progress, timed} from './timing.ts';

export type ConcurrencySettings = {cues: number; latencyMs: number};

type Generation = {
  seconds: number;
  result: PrepareResult;
  throttled: number;
  peakJobs: number;
  creates: number;
};

/** One clip for every request: the fake then spends no CPU, only `latencyMs` of waiting (rows 1, 2 and 6a-b). */
let sharedClip: Uint8Array | undefined;
export const benchClip = (): Uint8Array =>
  (sharedClip ??= synthesizeTestSpeech({text: 'One clip for every request of the benchmark.', speed: 1, sampleRate: 44100, gaplessTag: true}));

const narrationOf = (cues: number): Narration => ({
  voice: {speakerId: FAKE_DEFAULT_SPEAKER_ID, speed: 1},
  cues: Array.from({length: cues}, (_, index) => ({id: `cue-${index + 1}`, text: `Benchmark line number ${index + 1}.`})),
});

/** A cold `prepareNarration` (empty public/) against a fake that runs `serverJobs` jobs at once. */
const generate = async ({
  cues,
  latencyMs,
  serverJobs,
  concurrency,
}: ConcurrencySettings & {serverJobs: number; concurrency: number | undefined}): Promise<Generation> => {
  const clip = benchClip();
  const fake = await startFakeUseapi({latencyMs, maxConcurrentJobs: serverJobs, synthesize: () => clip});
  const publicDir = await mkdtemp(path.join(tmpdir(), 'narration-bench-public-'));
  try {
    const provider = createKlingProvider({token: fake.token, baseUrl: fake.baseUrl});
    const {result, seconds} = await timed(() =>
      prepareNarration({compositions: [{id: 'Bench', narration: narrationOf(cues)}], provider, publicDir, concurrency}),
    );
    return {seconds, result, throttled: fake.throttled(), peakJobs: fake.peakJobs(), creates: fake.count('/v1/kling/tts/create')};
  } finally {
    await fake.close();
    await rm(publicDir, {recursive: true, force: true});
  }
};

const describe = (label: string, run: Generation) =>
  `${label}: ${formatSeconds(run.seconds)} (${run.result.generatedClips} generated, ${run.result.failedCues.length} failed, ` +
  `${run.creates} create requests, ${run.throttled} answered 429, at most ${run.peakJobs} jobs at once on the server)`;

/** Row 1: the default concurrency against a service that runs 4 jobs, vs the optimum and vs one at a time. */
export const defaultConcurrencyRow = async ({cues, latencyMs}: ConcurrencySettings): Promise<RowReport> => {
  const serverJobs = 4;
  const optimumSeconds = (Math.ceil(cues / serverJobs) * latencyMs) / 1000;
  progress(`row 1: ${cues} cues, ${latencyMs} ms per job, server runs ${serverJobs} jobs: prepareNarration (default concurrency)`);
  const parallel = await generate({cues, latencyMs, serverJobs, concurrency: undefined});
  progress(`  ${describe('default concurrency', parallel)}`);
  progress('row 1: the same, one at a time (concurrency: 1)');
  const sequential = await generate({cues, latencyMs, serverJobs, concurrency: 1});
  progress(`  ${describe('one at a time', sequential)}`);
  const toOptimum = parallel.seconds / optimumSeconds;
  return {
    lines: [
      {
        id: '1a',
        measurement: `${cues} cues cold, server ${latencyMs} ms/job, 4 jobs: prepareNarration wall ÷ optimum ⌈${cues}/4⌉×${latencyMs / 1000} s`,
        figure: ratio(toOptimum),
        goal: '≤ 1.15×',
        met: toOptimum <= 1.15 && parallel.result.failedCues.length === 0,
      },
      {
        id: '1b',
        measurement: 'same: wall ÷ wall of one-at-a-time generation (concurrency 1)',
        figure: ratio(parallel.seconds / sequential.seconds),
        goal: '— (≈ 0.25× ideal)',
        met: null,
      },
    ],
    raw: [
      `1: ${describe('default concurrency', parallel)}`,
      `1: ${describe('one at a time', sequential)}`,
      `1: optimum ${formatSeconds(optimumSeconds)}`,
    ],
  };
};

/** Row 2: the client asks for 8 jobs while the service runs 2 (and answers 429 above). */
export const throttledRow = async ({cues, latencyMs}: ConcurrencySettings): Promise<RowReport> => {
  const serverJobs = 2;
  const concurrency = 8;
  const optimumSeconds = (Math.ceil(cues / serverJobs) * latencyMs) / 1000;
  progress(`row 2: ${cues} cues, ${latencyMs} ms per job, server runs ${serverJobs} jobs, client asks for ${concurrency}`);
  const run = await generate({cues, latencyMs, serverJobs, concurrency});
  progress(`  ${describe('concurrency 8', run)}`);
  const failed = run.result.failedCues.length;
  const toOptimum = run.seconds / optimumSeconds;
  return {
    lines: [
      {id: '2a', measurement: `${cues} cues, server 2 jobs, client concurrency 8: cues failed`, figure: String(failed), goal: '0', met: failed === 0},
      {
        id: '2b',
        measurement: `same: wall ÷ optimum ⌈${cues}/2⌉×${latencyMs / 1000} s`,
        figure: ratio(toOptimum),
        goal: '≤ 1.5×',
        met: toOptimum <= 1.5,
      },
      {id: '2c', measurement: 'same: 429s the server gave', figure: String(run.throttled), goal: '— (info)', met: null},
    ],
    raw: [`2: ${describe('concurrency 8', run)}`, `2: optimum ${formatSeconds(optimumSeconds)}`],
  };
};
