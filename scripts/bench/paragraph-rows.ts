import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {cacheKeyForClip} from '../../src/core/cache-key.ts';
import type {ClipLimits} from '../../src/core/clip-limits.ts';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {prepareNarration, type PrepareResult} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {fakeClipIsTagged, startFakeUseapi, type FakeUseapi} from '../../test/fake-useapi/fake-useapi-server.ts';
import {synthesizeTestSpeech} from '../../test/fake-useapi/test-speech.ts';
import {envFor, runNarrationCli} from '../../test/helpers/run-command.ts';
import {createTempProject} from '../../test/helpers/temp-project.ts';
import {CREATE_PATH} from './bench-project.ts';
import {benchClip} from './concurrency-rows.ts';
import {describeNarration, narrationOfParagraphs, paragraphs, SENTENCE_EDITS, type Paragraph} from './paragraph-narration.ts';
import {ratio, type RowReport} from './report.ts';
import {formatSeconds, progress, timed} from './timing.ts';
import {compareWarmPrepare, WARM_PREPARE_GOAL, type WarmPrepareSubject} from './warm-prepare-row.ts';

/** Jobs the fake account runs at once in row 6a, as in row 1. */
const SERVER_JOBS = 4;
const COLD_GOAL = 1.15;
const REQUESTS_PER_EDIT_GOAL = 2;

/** The distinct clips (cache keys) of a narration, split within `limits` as prepare splits it. */
const clipKeysOf = async (narration: Narration, limits: ClipLimits): Promise<Set<string>> =>
  new Set(
    await Promise.all(narration.cues.flatMap((cue) => clipRequestsForCue({narration, cue, provider: 'kling', limits}).map((request) => cacheKeyForClip(request)))),
  );

const failuresOf = (result: PrepareResult): string =>
  result.failedCues.map((cue) => cue.message ?? cue.error?.message ?? cue.cueId).join(' ');

/**
 * Rows 6a and 6b, paragraph-sized cues. 6a: a cold `prepareNarration` of the 10-minute narration
 * (30 paragraph cues, split into clips within Kling's limits) against a fake that runs 4 jobs of
 * `latencyMs` each, default client concurrency, against the optimum ⌈clips/4⌉ × latency.
 * 6b: then one-sentence edits, each in another cue, one after another, each prepared again:
 * the create requests each edit costs.
 */
export const paragraphCuesRow = async ({latencyMs}: {latencyMs: number}): Promise<RowReport> => {
  const clip = benchClip();
  const fake = await startFakeUseapi({latencyMs, maxConcurrentJobs: SERVER_JOBS, synthesize: () => clip});
  const publicDir = await mkdtemp(path.join(tmpdir(), 'narration-bench-paragraphs-'));
  try {
    const provider = createKlingProvider({token: fake.token, baseUrl: fake.baseUrl});
    const prepare = (narration: Narration) =>
      timed(() => prepareNarration({compositions: [{id: 'Paragraphs', narration}], provider, publicDir}));

    let current: Paragraph[] = paragraphs();
    const narration = narrationOfParagraphs(current);
    const expectedKeys = await clipKeysOf(narration, provider.limits);
    progress(`row 6a: ${describeNarration(narration)}, ${expectedKeys.size} clips; ${latencyMs} ms per job, server runs ${SERVER_JOBS} jobs: cold prepareNarration (default concurrency)`);
    const cold = await prepare(narration);
    if (cold.result.failedCues.length > 0) throw new Error(`The cold prepare of the paragraphs failed: ${failuresOf(cold.result)}`);
    const clips = cold.result.generatedClips;
    if (clips !== expectedKeys.size) throw new Error(`The cold prepare generated ${clips} clips, but the cues split into ${expectedKeys.size}.`);
    const optimumSeconds = (Math.ceil(clips / SERVER_JOBS) * latencyMs) / 1000;
    const coldCreates = fake.count(CREATE_PATH);
    const coldDescription =
      `${formatSeconds(cold.seconds)}, ${clips} clips generated, ${coldCreates} create requests, ${fake.throttled()} answered 429, ` +
      `at most ${fake.peakJobs()} jobs at once on the server; optimum ${formatSeconds(optimumSeconds)}`;
    progress(`  ${coldDescription}`);
    const toOptimum = cold.seconds / optimumSeconds;

    progress(`row 6b: ${SENTENCE_EDITS.length} one-sentence edits, each in another cue, each prepared again`);
    let known = expectedKeys;
    const edits: {label: string; cueId: string; creates: number; requests: number; newClips: number; clipsBefore: number; clipsAfter: number; seconds: number}[] = [];
    for (const edit of SENTENCE_EDITS) {
      const before = current[edit.paragraph]!;
      const after = {...before, sentences: edit.apply(before.sentences)};
      if (after.sentences.join(' ') === before.sentences.join(' ')) throw new Error(`The edit "${edit.label}" left ${before.id} unchanged.`);
      current = current.map((paragraph, index) => (index === edit.paragraph ? after : paragraph));
      const edited = narrationOfParagraphs(current);
      const keys = await clipKeysOf(edited, provider.limits);
      const newClips = [...keys].filter((key) => !known.has(key)).length;
      known = new Set([...known, ...keys]);
      const clipsOf = (paragraph: Paragraph) =>
        clipRequestsForCue({narration: edited, cue: {id: paragraph.id, text: paragraph.sentences.join(' ')}, provider: 'kling', limits: provider.limits}).length;
      const createsBefore = fake.count(CREATE_PATH);
      const requestsBefore = fake.requests.length;
      const run = await prepare(edited);
      if (run.result.failedCues.length > 0) throw new Error(`The prepare after "${edit.label}" failed: ${failuresOf(run.result)}`);
      const creates = fake.count(CREATE_PATH) - createsBefore;
      const requests = fake.requests.length - requestsBefore;
      edits.push({label: edit.label, cueId: before.id, creates, requests, newClips, clipsBefore: clipsOf(before), clipsAfter: clipsOf(after), seconds: run.seconds});
      progress(`  ${edit.label} (${before.id}): ${creates} create request(s), ${newClips} new clip(s), ${formatSeconds(run.seconds)}`);
    }
    const creates = edits.map((edit) => edit.creates);
    const meanCreates = creates.reduce((sum, value) => sum + value, 0) / creates.length;
    const maxCreates = Math.max(...creates);

    return {
      lines: [
        {
          id: '6a',
          measurement:
            `10-minute narration, ${narration.cues.length} paragraph cues split into ${clips} clips (≤ 150 characters), cold, server ${latencyMs} ms/job, 4 jobs: ` +
            `\`prepareNarration\` wall ÷ optimum ⌈${clips}/4⌉×${latencyMs / 1000} s`,
          figure: ratio(toOptimum),
          goal: `≤ ${COLD_GOAL}×`,
          met: toOptimum <= COLD_GOAL,
        },
        {
          id: '6b',
          measurement: `same, then ${edits.length} one-sentence edits (a word replaced, a sentence added, a sentence deleted), each in another cue and prepared again: create requests per edit`,
          figure: `mean ${meanCreates.toFixed(2)}, max ${maxCreates}`,
          goal: `≤ ${REQUESTS_PER_EDIT_GOAL} each`,
          met: maxCreates <= REQUESTS_PER_EDIT_GOAL,
        },
      ],
      raw: [
        `6a: ${describeNarration(narration)}; ${clips} clips, ${(narration.cues.reduce((sum, cue) => sum + [...cue.text].length, 0) / clips).toFixed(0)} characters per clip on average`,
        `6a: cold prepareNarration ${coldDescription}`,
        ...edits.map(
          (edit) =>
            `6b: ${edit.label} (${edit.cueId}, ${edit.clipsBefore} → ${edit.clipsAfter} clips): ${edit.creates} create request(s) for ${edit.newClips} new clip(s), ` +
            `${edit.requests} request(s) in all, ${formatSeconds(edit.seconds)}`,
        ),
      ],
    };
  } finally {
    await fake.close();
    await rm(publicDir, {recursive: true, force: true});
  }
};

/** Characters a clip's length is rounded to: row 6c's fake makes ~12 encodings instead of ~90 (~0.5 s each). */
const LENGTH_STEP = 25;

/**
 * The fake's own speech for a text as long as `text` rounded to `LENGTH_STEP` characters, made once
 * per rounded length, speed and kind: the clips' sizes on disk (what a warm prepare reads and
 * hashes, and the bundle copies) are within 1.5 s of speech of the fake's own.
 */
const speechByRoundedLength = () => {
  const made = new Map<string, Uint8Array>();
  return ({text, speed}: {text: string; speed: number}): Uint8Array => {
    const characters = Math.max(LENGTH_STEP, Math.round([...text].length / LENGTH_STEP) * LENGTH_STEP);
    const gaplessTag = fakeClipIsTagged(text);
    const key = `${characters}|${speed}|${gaplessTag}`;
    let mp3 = made.get(key);
    if (!mp3) {
      mp3 = synthesizeTestSpeech({text: 'x'.repeat(characters), speed, sampleRate: 44100, gaplessTag});
      made.set(key, mp3);
    }
    return mp3;
  };
};

/**
 * Row 6c: row 3's comparison (`compareWarmPrepare`) on the 10-minute paragraph narration, in a
 * project of its own (a temp copy of the example with only these clips in public/), prepared cold
 * through the built CLI against a fake with no latency.
 */
export const paragraphWarmPrepareRow = async ({explain}: {explain: boolean}): Promise<RowReport> => {
  const project = await createTempProject();
  let fake: FakeUseapi | undefined;
  try {
    fake = await startFakeUseapi({latencyMs: 0, synthesize: speechByRoundedLength()});
    const env = envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});
    const narration = narrationOfParagraphs(paragraphs());
    const propsFile = path.join(project.root, 'bench-paragraphs.json');
    await writeFile(propsFile, `${JSON.stringify({narration}, null, 2)}\n`);
    const clips = (await clipKeysOf(narration, createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}).limits)).size;
    const what = `${narration.cues.length} paragraph cues in ${clips} clips`;
    let cold: Promise<{seconds: number}> | undefined;
    const subject: WarmPrepareSubject = {
      row: '6c',
      what,
      root: project.root,
      publicDir: project.publicDir,
      env,
      fake,
      propsFile,
      narration,
      cold: () =>
        (cold ??= (async () => {
          progress(`row 6c: cold prepare of ${what} through the built CLI (fake, latency 0)`);
          const run = await timed(() => runNarrationCli(['prepare', '--props', propsFile], {cwd: project.root, env}));
          if (run.result.code !== 0) {
            throw new Error(`Cold prepare of the paragraphs failed (exit ${run.result.code}):\n${run.result.stdout}\n${run.result.stderr}`);
          }
          progress(`  done in ${run.seconds.toFixed(1)} s, ${fake!.count(CREATE_PATH)} create requests`);
          return run;
        })()),
    };
    const {figure, requests, creates, raw, notes, times} = await compareWarmPrepare({subject, explain});
    const report: RowReport = {
      lines: [
        {
          id: '6c',
          measurement: `warm \`prepare --props\` of the 10-minute narration (${what}) ÷ \`remotion compositions --props\`, median of ${times.ours.length}; requests the warm prepares made`,
          figure: `${ratio(figure)}, ${requests} requests${creates > 0 ? ` (${creates} create)` : ''}`,
          goal: `≤ ${WARM_PREPARE_GOAL}×, 0 requests`,
          met: figure <= WARM_PREPARE_GOAL && requests === 0,
        },
      ],
      raw,
    };
    if (notes) report.notes = notes;
    return report;
  } finally {
    await fake?.close();
    await project.remove();
  }
};
