import {spawn} from 'node:child_process';
import {readFile, rm} from 'node:fs/promises';
import path from 'node:path';
import {bundle} from '@remotion/bundler';
import {getCompositions} from '@remotion/renderer';
import {narrationBrowserExecutable} from '../../src/node/project/browser-executable.ts';
import {prepareNarration} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {runCommand, runNarrationCli, runRemotionCli, type CommandResult} from '../../test/helpers/run-command.ts';
import {REPO_ROOT} from '../../test/helpers/temp-project.ts';
import {CREATE_PATH, MANY_CUES, type BenchProject} from './bench-project.ts';
import {ratio, type RowReport} from './report.ts';
import {alternate, formatSeconds, formatSecondsList, median, progress, timed} from './timing.ts';

const RUNS = 3;
const GOAL = 1.3;

const mustSucceed = (what: string, result: CommandResult): CommandResult => {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
};

/**
 * Row 3: a warm `remotion-narration prepare --props FILE` (nothing to generate) against
 * `remotion compositions --props=FILE`, which bundles and evaluates the same compositions.
 */
export const warmPrepareRow = async ({project, explain}: {project: BenchProject; explain: boolean}): Promise<RowReport> => {
  await project.prepareManyCues();
  const createsBefore = project.fake.count(CREATE_PATH);
  const requestsBefore = project.fake.requests.length;
  const {root, env, manyCuesPropsFile} = project;
  progress(`row 3: warm prepare vs remotion compositions, ${MANY_CUES} cues, ${RUNS} runs each, alternating`);
  const warmOutputs: string[] = [];
  const times = await alternate({
    runs: RUNS,
    label: {ours: 'warm prepare', theirs: 'remotion compositions'},
    ours: async () => {
      const result = mustSucceed('Warm prepare', await runNarrationCli(['prepare', '--props', manyCuesPropsFile], {cwd: root, env}));
      warmOutputs.push(result.stdout);
    },
    theirs: async () => mustSucceed('remotion compositions', await runRemotionCli(['compositions', `--props=${manyCuesPropsFile}`], {cwd: root, env})),
  });
  const creates = project.fake.count(CREATE_PATH) - createsBefore;
  const requests = project.fake.requests.length - requestsBefore;
  const said = warmOutputs.map((stdout) => stdout.trim().split('\n').at(-1) ?? '');
  const ours = median(times.ours);
  const theirs = median(times.theirs);
  const figure = ours / theirs;
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
    raw: [
      `3: warm prepare ${formatSecondsList(times.ours)} s → median ${formatSeconds(ours)}; remotion compositions ${formatSecondsList(times.theirs)} s → median ${formatSeconds(theirs)}`,
      `3: cold prepare (not compared) ${formatSeconds((await project.prepareManyCues()).seconds)}; warm prepare said: "${said[0]}"`,
    ],
  };
  if (explain || figure > GOAL) report.notes = await whereWarmPrepareTimeGoes(project);
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
const whereWarmPrepareTimeGoes = async (project: BenchProject): Promise<string[]> => {
  progress('row 3: timing the parts of a warm prepare one by one');
  const {root, env} = project;
  const prepareLines = await linesWithTimes(process.execPath, [path.join(REPO_ROOT, 'bin/remotion-narration.js'), 'prepare', '--props', project.manyCuesPropsFile], {cwd: root, env});
  const compositionsLines = await linesWithTimes(path.join(REPO_ROOT, 'node_modules/.bin/remotion'), ['compositions', `--props=${project.manyCuesPropsFile}`], {cwd: root, env});
  const inputProps = JSON.parse(await readFile(project.manyCuesPropsFile, 'utf8')) as Record<string, unknown>;
  const cliStart = await timed(() => runNarrationCli(['help'], {cwd: root, env}));
  const remotionStart = await timed(() => runRemotionCli(['versions'], {cwd: root, env}));
  const nodeStart = await timed(() => runCommand(process.execPath, ['-e', '0'], {cwd: root, env}));
  const bundled = await timed(() => bundle({entryPoint: path.join(root, 'compositions/index.ts'), publicDir: project.publicDir}));
  // What the Remotion CLI does for its throwaway bundles (render, still, compositions).
  const symlinked = await timed(() => bundle({entryPoint: path.join(root, 'compositions/index.ts'), publicDir: project.publicDir, symlinkPublicDir: true}));
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
  const provider = createKlingProvider({token: project.fake.token, baseUrl: project.fake.baseUrl});
  const cacheCheck = await timed(() =>
    prepareNarration({compositions: [{id: 'Explainer', narration: project.manyCuesNarration}], provider, publicDir: project.publicDir}),
  );
  if (cacheCheck.result.synthesizeCalls !== 0) throw new Error('The in-process warm prepareNarration made speech requests.');
  return [
    `3: a warm prepare's own output, seconds after spawn: ${prepareLines.map(({seconds, line}) => `${seconds.toFixed(2)} "${line.slice(0, 60)}"`).join(' → ')}`,
    `3: \`remotion compositions\`'s output, seconds after spawn: ${compositionsLines.map(({seconds, line}) => `${seconds.toFixed(2)} "${line.slice(0, 40)}"`).join(' → ')}`,
    `3: \`node -e 0\` ${formatSeconds(nodeStart.seconds)}; \`remotion-narration help\` (Node + CLI modules loaded) ${formatSeconds(cliStart.seconds)}; \`remotion versions\` ${formatSeconds(remotionStart.seconds)}`,
    `3: bundle() of compositions/index.ts, public/ (${MANY_CUES}+ clips) copied as prepare does ${formatSeconds(bundled.seconds)}; ` +
      `with \`symlinkPublicDir: true\` as the Remotion CLI does for throwaway bundles ${formatSeconds(symlinked.seconds)}`,
    `3: getCompositions() (Chromium start, calculateMetadata: manifest fetch + ${MANY_CUES} cache keys) ${formatSeconds(compositionsSeconds)}`,
    `3: prepareNarration() warm: manifest read, ${MANY_CUES} clips read and SHA-256 checked ${formatSeconds(cacheCheck.seconds)}`,
  ];
};
