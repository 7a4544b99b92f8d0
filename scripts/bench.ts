// `npm run bench`: a benchmark, not a test. Every figure is a ratio of two things measured side by
// side in this run. Progress goes to stderr, the report (a markdown table) to stdout. Exits 0
// even when a goal is missed: it is a report, and it says so. Exits 1 only if a row crashed.
//
//   1  concurrency: 60 cues cold against a service that runs 4 jobs, vs the optimum
//   2  throttling: client concurrency 8 against a service that runs 2 jobs (429 above)
//   3  warm `prepare --props` (200 cues) vs `remotion compositions --props`
//   4  clip durations: `measureFiles` vs one ffprobe per file, lengths equal to a full decode
//   5  render of the example's cue cards narrated with the library vs the same cards with hand-placed audio
//   6  paragraph-sized cues, a 10-minute narration of 30 paragraphs split into ~100 clips:
//      6a cold prepare vs the optimum (4 jobs), 6b requests per one-sentence edit,
//      6c warm `prepare --props` vs `remotion compositions --props` in a project of its own
//   7  word alignment: x real time on one core over the ground-truth clips, and its accuracy
//   8  a long course, draft voice (no token), in a process of its own:
//      8a cold `prepareNarration` of 400 paragraph cues (~1,040 clips) vs of 100 (~270), CPU seconds per clip,
//      8b warm `prepare --props` of the 400 cues vs `remotion compositions --props`
//   9  the Studio loop, 67 cues, the Studio and `prepare --watch` running, a service answering in 0.5 s:
//      9a saving a changed line to its clip and manifest entry on disk, minus the latency, vs `remotion compositions`,
//      9b then to the Studio's page having the new clip
//
//   npm run bench                      all rows (~9 minutes on 2 cores without row 8; row 8 adds ~6 on
//                                      idle cores by its CPU time, 4 of them in 8a; 15 measured on busy ones)
//   npm run bench -- --only 3,4        some rows (--only 6 runs 6a, 6b and 6c; --only 8 runs 8a and 8b)
//   npm run bench -- --latency-ms 400  server latency of rows 1, 2 and 6a-b (default 800)
//   npm run bench -- --explain         time the parts of rows 3, 4, 6c and 8b even when their goals are met
import {parseArgs} from 'node:util';
import {createBenchProject, type BenchProject} from './bench/bench-project.ts';
import {defaultConcurrencyRow, throttledRow} from './bench/concurrency-rows.ts';
import {inFreshProcess} from './bench/in-fresh-process.ts';
import {measureFilesRow} from './bench/measure-row.ts';
import {paragraphCuesRow, paragraphWarmPrepareRow} from './bench/paragraph-rows.ts';
import {renderRow} from './bench/render-row.ts';
import {studioLoopRow} from './bench/studio-loop-row.ts';
import {formatReport, type RowReport} from './bench/report.ts';
import {progress, timed} from './bench/timing.ts';
import {warmPrepareRow} from './bench/warm-prepare-row.ts';

type Context = {latencyMs: number; explain: boolean; project: () => Promise<BenchProject>};

/** `id` is what --only selects; `label` names the lines of a row that crashed (default: the id). */
const ROWS: {id: number; label?: string; run: (context: Context) => Promise<RowReport>}[] = [
  {id: 1, run: ({latencyMs}) => defaultConcurrencyRow({cues: 60, latencyMs})},
  {id: 2, run: ({latencyMs}) => throttledRow({cues: 60, latencyMs})},
  {id: 3, run: async ({project, explain}) => warmPrepareRow({project: await project(), explain})},
  {id: 4, run: async ({project, explain}) => measureFilesRow({project: await project(), explain})},
  {id: 5, run: async ({project}) => renderRow({project: await project()})},
  // Two parts, so that 6c is measured even when 6a-b crash; 6c has a project of its own, so its
  // public/ holds only the paragraphs' clips, whichever rows ran before.
  {id: 6, label: '6a-b', run: ({latencyMs}) => paragraphCuesRow({latencyMs})},
  {id: 6, label: '6c', run: ({explain}) => paragraphWarmPrepareRow({explain})},
  {id: 7, run: () => inFreshProcess('align-row-main.ts')},
  // CPU-bound for minutes, like row 7: not slowed by the garbage of the rows before it.
  {id: 8, run: ({explain}) => inFreshProcess('long-course-row-main.ts', explain ? ['--explain'] : [])},
  {id: 9, run: () => studioLoopRow()},
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
    progress(`row ${row.label ?? row.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    return {crashed: true, lines: [{id: row.label ?? String(row.id), measurement: `could not be measured: ${message}`, figure: 'error', goal: '—', met: false}], raw: []};
  }
};

await main();
