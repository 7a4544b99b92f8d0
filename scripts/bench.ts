// `npm run bench`: a benchmark, not a test. Every figure is a ratio of two things measured side by
// side in this run. Progress goes to stderr, the report (a markdown table) to stdout. Exits 0
// even when a goal is missed: it is a report, and it says so. Exits 1 only if a row crashed.
//
//   npm run bench                      all rows (~5 minutes on 2 cores)
//   npm run bench -- --only 3,4        some rows
//   npm run bench -- --latency-ms 400  server latency of rows 1 and 2 (default 800)
//   npm run bench -- --explain         time the parts of rows 3 and 4 even when their goals are met
import {parseArgs} from 'node:util';
import {createBenchProject, type BenchProject} from './bench/bench-project.ts';
import {defaultConcurrencyRow, throttledRow} from './bench/concurrency-rows.ts';
import {measureFilesRow} from './bench/measure-row.ts';
import {renderRow} from './bench/render-row.ts';
import {formatReport, type RowReport} from './bench/report.ts';
import {progress, timed} from './bench/timing.ts';
import {warmPrepareRow} from './bench/warm-prepare-row.ts';

type Context = {latencyMs: number; explain: boolean; project: () => Promise<BenchProject>};

const ROWS: {id: number; run: (context: Context) => Promise<RowReport>}[] = [
  {id: 1, run: ({latencyMs}) => defaultConcurrencyRow({cues: 60, latencyMs})},
  {id: 2, run: ({latencyMs}) => throttledRow({cues: 60, latencyMs})},
  {id: 3, run: async ({project, explain}) => warmPrepareRow({project: await project(), explain})},
  {id: 4, run: async ({project, explain}) => measureFilesRow({project: await project(), explain})},
  {id: 5, run: async ({project}) => renderRow({project: await project()})},
];

const options = (): {only: Set<number>; latencyMs: number; explain: boolean} => {
  const {values} = parseArgs({
    options: {only: {type: 'string'}, 'latency-ms': {type: 'string', default: '800'}, explain: {type: 'boolean', default: false}},
  });
  const only = new Set((values.only ?? ROWS.map((row) => row.id).join(',')).split(',').map(Number));
  const latencyMs = Number(values['latency-ms']);
  if (!(latencyMs >= 0)) throw new Error(`--latency-ms must be a number of milliseconds, got ${values['latency-ms']}.`);
  return {only, latencyMs, explain: values.explain};
};

const main = async () => {
  const {only, latencyMs, explain} = options();
  let project: Promise<BenchProject> | undefined;
  const context: Context = {latencyMs, explain, project: () => (project ??= createBenchProject())};
  const reports: RowReport[] = [];
  const {seconds} = await timed(async () => {
    try {
      for (const row of ROWS.filter((candidate) => only.has(candidate.id))) {
        reports.push(await runRow(row, context));
      }
    } finally {
      await (await project?.catch(() => undefined))?.remove();
    }
  });
  progress(`finished in ${seconds.toFixed(0)} s`);
  process.stdout.write(`${formatReport(reports)}\n`);
  // A missed goal is a finding (exit 0); a row that could not be measured is not.
  if (reports.some((report) => report.crashed)) process.exitCode = 1;
};

/** A row that throws is reported as such, and the other rows still run. */
const runRow = async (row: (typeof ROWS)[number], context: Context): Promise<RowReport> => {
  try {
    return await row.run(context);
  } catch (error) {
    progress(`row ${row.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    return {crashed: true, lines: [{id: String(row.id), measurement: `could not be measured: ${message}`, figure: 'error', goal: '—', met: false}], raw: []};
  }
};

await main();
