import {spawn} from 'node:child_process';
import {readFile, rm} from 'node:fs/promises';
import path from 'node:path';
import {bundle} from '@remotion/bundler';
import {getCompositions} from '@remotion/renderer';
import {narrationBrowserExecutable} from '../../src/node/project/browser-executable.ts';
import {prepareNarration} from '../../src/node/prepare/prepare-narration.ts';
import {createDraftVoiceProvider} from '../../src/node/providers/draft-voice/create-draft-voice-provider.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import type {FakeUseapi} from '../../test/fake-useapi/fake-useapi-server.ts';
import {runCommand, runNarrationCli, runRemotionCli, type CommandResult} from '../../test/helpers/run-command.ts';
import {REPO_ROOT} from '../../test/helpers/temp-project.ts';
import {CREATE_PATH, MANY_CUES, type BenchProject} from './bench-project.ts';
import {ratio, type RowReport} from './report.ts';
import {alternate, formatSeconds, formatSecondsList, median, progress, timed} from './timing.ts';

const RUNS = 3;
/** Warm prepare ÷ `remotion compositions` (rows 3a, 6c and 8b). */
export const WARM_PREPARE_GOAL = 1.0;
const GOAL = WARM_PREPARE_GOAL;

const mustSucceed = (what: string, result: CommandResult): CommandResult => {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
};

/**
 * A narration prepared in a real project (a temp copy of the example, test/helpers/temp-project.ts),
 * against a fake useapi.net or with the offline draft voice: what a warm prepare is compared on.
 */
export type WarmPrepareSubject = {
  /** The report row, e.g. '3' or '6c': prefixes progress and notes. */
  row: string;
  /** What is prepared, for progress and notes, e.g. '200 cues'. */
  what: string;
  root: string;
  publicDir: string;
  env: NodeJS.ProcessEnv;
  /**
   * The fake useapi.net `env` points prepare at, whose requests are counted. Absent when `env`
   * has no token (the offline draft voice): the requests counted are then the speech requests
   * the warm prepares report (`--json`).
   */
  fake?: FakeUseapi;
  /** Props file giving the Explainer the narration. */
  propsFile: string;
  narration: Narration;
  /** The cold prepare of the narration, run once (later calls return the same run). */
  cold: () => Promise<{seconds: number}>;
};

export type WarmPrepareComparison = {
  /** Seconds of each warm `prepare --props` and each `remotion compositions --props`. */
  times: {ours: number[]; theirs: number[]};
  /** Median warm prepare ÷ median `remotion compositions`. */
  figure: number;
  /**
   * Requests the warm prepares made to the fake, all routes, and create requests among them;
   * without a fake, both are the speech requests the warm prepares report.
   */
  requests: number;
  creates: number;
  raw: string[];
  notes?: string[];
};

/**
 * A warm `remotion-narration prepare --props FILE` (nothing to generate) against
 * `remotion compositions --props=FILE`, which bundles and evaluates the same compositions,
 * alternating, `RUNS` times each; with `explain` (or when the goal is missed) the parts of a warm
 * prepare timed one by one.
 */
export const compareWarmPrepare = async ({subject, explain}: {subject: WarmPrepareSubject; explain: boolean}): Promise<WarmPrepareComparison> => {
  const cold = await subject.cold();
  const {root, env, propsFile, fake} = subject;
  const createsBefore = fake?.count(CREATE_PATH) ?? 0;
  const requestsBefore = fake?.requests.length ?? 0;
  progress(`row ${subject.row}: warm prepare vs remotion compositions, ${subject.what}, ${RUNS} runs each, alternating`);
  const said: string[] = [];
  let reportedRequests = 0;
  const times = await alternate({
    runs: RUNS,
    label: {ours: 'warm prepare', theirs: 'remotion compositions'},
    ours: async () => {
      const args = ['prepare', '--props', propsFile, ...(fake ? [] : ['--json'])];
      const {stdout} = mustSucceed('Warm prepare', await runNarrationCli(args, {cwd: root, env}));
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (fake) {
        said.push(last);
      } else {
        const summary = JSON.parse(last) as {generated: number; cached: number; requests: number};
        reportedRequests += summary.requests;
        said.push(`--json: ${summary.generated} generated, ${summary.cached} cached, ${summary.requests} requests`);
      }
    },
    theirs: async () => mustSucceed('remotion compositions', await runRemotionCli(['compositions', `--props=${propsFile}`], {cwd: root, env})),
  });
  const creates = fake ? fake.count(CREATE_PATH) - createsBefore : reportedRequests;
  const requests = fake ? fake.requests.length - requestsBefore : reportedRequests;
  const ours = median(times.ours);
  const theirs = median(times.theirs);
  const figure = ours / theirs;
  return {
    times,
    figure,
    requests,
    creates,
    raw: [
      `${subject.row}: warm prepare ${formatSecondsList(times.ours)} s → median ${formatSeconds(ours)}; remotion compositions ${formatSecondsList(times.theirs)} s → median ${formatSeconds(theirs)}`,
      `${subject.row}: cold prepare (not compared) ${formatSeconds(cold.seconds)}; warm prepare said: "${said[0]}"`,
    ],
    notes: explain || figure > GOAL ? await whereWarmPrepareTimeGoes(subject) : undefined,
  };
};

/** Row 3: the warm prepare of the bench project's 200 cues (see `compareWarmPrepare`). */
export const warmPrepareRow = async ({project, explain}: {project: BenchProject; explain: boolean}): Promise<RowReport> => {
  const subject: WarmPrepareSubject = {
    row: '3',
    what: `${MANY_CUES} cues`,
    root: project.root,
    publicDir: project.publicDir,
    env: project.env,
    fake: project.fake,
    propsFile: project.manyCuesPropsFile,
    narration: project.manyCuesNarration,
    cold: project.prepareManyCues,
  };
  const {figure, requests, creates, raw, notes} = await compareWarmPrepare({subject, explain});
  const report: RowReport = {
    lines: [
      {
        id: '3a',
        measurement: `warm \`prepare --props\` (${MANY_CUES} cues) ÷ \`remotion compositions --props\`, median of ${RUNS}`,
        figure: ratio(figure),
        goal: `≤ ${GOAL}×`,
        met: figure <= GOAL,
      },
      {
        id: '3b',
        measurement: `requests the ${RUNS} warm prepares made to the fake`,
        figure: `${requests} (${creates} create)`,
        goal: '0',
        met: requests === 0,
      },
    ],
    raw,
  };
  if (notes) report.notes = notes;
  return report;
};

/** Each line a command prints, with the seconds since it was started; the exit is the last line. */
const linesWithTimes = (command: string, args: string[], {cwd, env}: {cwd: string; env: NodeJS.ProcessEnv}) =>
  new Promise<{seconds: number; line: string}[]>((resolve, reject) => {
    const startedAt = performance.now();
    const lines: {seconds: number; line: string}[] = [];
    const child = spawn(command, args, {cwd, env, stdio: ['ignore', 'pipe', 'pipe']});
    const collect = (chunk: Buffer) => {
      const seconds = (performance.now() - startedAt) / 1000;
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push({seconds, line: line.trim()});
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve([...lines, {seconds: (performance.now() - startedAt) / 1000, line: `exit ${code}`}]));
  });

/**
 * The parts of a warm prepare timed one by one, in this process: Node and the CLI starting,
 * bundling, evaluating the compositions in Chromium, and the cache checks (hash of every clip).
 */
const whereWarmPrepareTimeGoes = async (subject: WarmPrepareSubject): Promise<string[]> => {
  const {row, what, root, env, propsFile, publicDir} = subject;
  progress(`row ${row}: timing the parts of a warm prepare one by one`);
  const prepareLines = await linesWithTimes(process.execPath, [path.join(REPO_ROOT, 'bin/remotion-narration.js'), 'prepare', '--props', propsFile], {cwd: root, env});
  const compositionsLines = await linesWithTimes(path.join(REPO_ROOT, 'node_modules/.bin/remotion'), ['compositions', `--props=${propsFile}`], {cwd: root, env});
  const inputProps = JSON.parse(await readFile(propsFile, 'utf8')) as Record<string, unknown>;
  const cliStart = await timed(() => runNarrationCli(['help'], {cwd: root, env}));
  const remotionStart = await timed(() => runRemotionCli(['versions'], {cwd: root, env}));
  const nodeStart = await timed(() => runCommand(process.execPath, ['-e', '0'], {cwd: root, env}));
  const bundled = await timed(() => bundle({entryPoint: path.join(root, 'compositions/index.ts'), publicDir}));
  // What the Remotion CLI does for its throwaway bundles (render, still, compositions).
  const symlinked = await timed(() => bundle({entryPoint: path.join(root, 'compositions/index.ts'), publicDir, symlinkPublicDir: true}));
  await rm(symlinked.result, {recursive: true, force: true});
  let compositionsSeconds: number;
  try {
    const browserExecutable = narrationBrowserExecutable({env});
    ({seconds: compositionsSeconds} = await timed(() =>
      getCompositions(bundled.result, {inputProps, browserExecutable, logLevel: 'error'}),
    ));
  } finally {
    await rm(bundled.result, {recursive: true, force: true});
  }
  const provider = subject.fake ? createKlingProvider({token: subject.fake.token, baseUrl: subject.fake.baseUrl}) : createDraftVoiceProvider();
  const cacheCheck = await timed(() => prepareNarration({compositions: [{id: 'Explainer', narration: subject.narration}], provider, publicDir}));
  if (cacheCheck.result.synthesizeCalls !== 0) throw new Error('The in-process warm prepareNarration made speech requests.');
  return [
    `${row}: a warm prepare's own output, seconds after spawn: ${prepareLines.map(({seconds, line}) => `${seconds.toFixed(2)} "${line.slice(0, 60)}"`).join(' → ')}`,
    `${row}: \`remotion compositions\`'s output, seconds after spawn: ${compositionsLines.map(({seconds, line}) => `${seconds.toFixed(2)} "${line.slice(0, 40)}"`).join(' → ')}`,
    `${row}: \`node -e 0\` ${formatSeconds(nodeStart.seconds)}; \`remotion-narration help\` (Node + CLI modules loaded) ${formatSeconds(cliStart.seconds)}; \`remotion versions\` ${formatSeconds(remotionStart.seconds)}`,
    `${row}: bundle() of compositions/index.ts, public/ (the clips of ${what}) copied ${formatSeconds(bundled.seconds)}; ` +
      `with \`symlinkPublicDir: true\`, as prepare and the Remotion CLI do for throwaway bundles, ${formatSeconds(symlinked.seconds)} (prepare also skips webpack's full statistics)`,
    `${row}: getCompositions() (Chromium start, calculateMetadata: manifest fetch + the cache keys of ${what}) ${formatSeconds(compositionsSeconds)}`,
    `${row}: prepareNarration() warm: manifest read, the clips of ${what} read and SHA-256 checked ${formatSeconds(cacheCheck.seconds)}`,
  ];
};
