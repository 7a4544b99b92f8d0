import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {cacheKeyForClip} from '../../src/core/cache-key.ts';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {prepareNarration} from '../../src/node/prepare/prepare-narration.ts';
import {propsSourceOf} from '../../src/node/prepare/use-id.ts';
import {createDraftVoiceProvider} from '../../src/node/providers/draft-voice/create-draft-voice-provider.ts';
import type {SpeechProvider} from '../../src/node/providers/speech-provider.ts';
import {envFor, runNarrationCli} from '../../test/helpers/run-command.ts';
import {createTempProject} from '../../test/helpers/temp-project.ts';
import {describeNarration, narrationOfParagraphs, paragraphs} from './paragraph-narration.ts';
import {ratio, type ReportLine, type RowReport} from './report.ts';
import {formatSeconds, progress, timed} from './timing.ts';
import {compareWarmPrepare, WARM_PREPARE_GOAL, type WarmPrepareSubject} from './warm-prepare-row.ts';

/** The course's two sizes in paragraph cues (row 8a), and the cues the untimed warm-up prepares. */
const SHORT_COURSE_CUES = 100;
const LONG_COURSE_CUES = 400;
const WARM_UP_CUES = 10;
/**
 * Words a course paragraph is drawn to (row 6's are drawn to 44): 2.7 sentences a cue on average,
 * and 400 cues in 1,044 clips, as the course the issue measured (1,036 clips).
 */
const WORDS_PER_COURSE_PARAGRAPH = 32;
/**
 * CPU seconds per clip at 400 cues ÷ at 100 cues. CPU time, not wall time: a draft prepare is
 * almost all work on one thread (storing the clips waits for the disk a few milliseconds in all,
 * see the notes), so on shared cores its wall time measures the neighbours too. In one run with
 * others' tests on the 2 cores, the 400-cue run had a core 54 % of its wall time and the 100-cue
 * runs 79 % and 66 %: wall 1.35×, CPU 1.01× (in another, wall 0.96×, CPU 1.01×).
 */
const PER_CLIP_GOAL = 1.15;
/** The example's composition, which the props file of row 8b narrates. */
const COMPOSITION_ID = 'Explainer';

const courseNarration = (cues: number): Narration => narrationOfParagraphs(paragraphs({count: cues, wordsPerParagraph: WORDS_PER_COURSE_PARAGRAPH}));

/** One cold prepare of a course: its wall and CPU seconds, and when each clip was stored. */
type ColdRun = {
  label: string;
  cues: number;
  clips: number;
  charactersPerClip: number;
  seconds: number;
  cpuSeconds: number;
  /** Seconds from the call to prepare's 'start' event (cues planned, nothing generated yet). */
  startSeconds: number;
  /** Seconds from the call to each 'clip-generated' event (the clip generated, decoded and stored), in order. */
  storedSeconds: number[];
  /** Peak resident memory of this process so far, in MB. */
  peakMemoryInMb: number;
};

/** The distinct clips of a narration as prepare splits it for `provider`, and their characters. */
const clipsOf = async (narration: Narration, provider: SpeechProvider): Promise<{clips: number; characters: number}> => {
  const requests = narration.cues.flatMap((cue) => clipRequestsForCue({narration, cue, provider: provider.id, limits: provider.limits}));
  const unique = new Map(await Promise.all(requests.map(async (request) => [await cacheKeyForClip(request), request] as const)));
  return {clips: unique.size, characters: [...unique.values()].reduce((sum, request) => sum + [...request.text].length, 0)};
};

/**
 * A cold `prepareNarration` of `cues` course paragraphs into `publicDir` (with nothing cached),
 * in this process, with the offline draft voice (no token).
 */
const coldPrepare = async ({
  label,
  cues,
  publicDir,
  propsSource,
}: {
  label: string;
  cues: number;
  publicDir: string;
  propsSource?: string;
}): Promise<ColdRun> => {
  const narration = courseNarration(cues);
  const provider = createDraftVoiceProvider();
  const expected = await clipsOf(narration, provider);
  progress(`  ${label}: ${describeNarration(narration)}, ${expected.clips} clips`);
  const storedSeconds: number[] = [];
  let startSeconds = Number.NaN;
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const since = () => (performance.now() - startedAt) / 1000;
  const result = await prepareNarration({
    compositions: [{id: COMPOSITION_ID, narration}],
    provider,
    publicDir,
    propsSource,
    onEvent: (event) => {
      if (event.type === 'start') startSeconds = since();
      if (event.type === 'clip-generated') storedSeconds.push(since());
    },
  });
  const seconds = since();
  const cpu = process.cpuUsage(cpuBefore);
  if (result.failedCues.length > 0) {
    const first = result.failedCues[0]!;
    throw new Error(`The cold prepare of ${cues} course cues failed for ${result.failedCues.length} cue(s), first ${first.cueId}: ${first.message ?? first.error?.message}`);
  }
  if (result.generatedClips !== expected.clips || result.cachedClips !== 0) {
    throw new Error(`The cold prepare of ${cues} course cues generated ${result.generatedClips} clips and found ${result.cachedClips} cached, but the cues split into ${expected.clips} (none cached).`);
  }
  const run: ColdRun = {
    label,
    cues,
    clips: result.generatedClips,
    charactersPerClip: expected.characters / expected.clips,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    startSeconds,
    storedSeconds,
    peakMemoryInMb: process.resourceUsage().maxRSS / 1024,
  };
  progress(`    ${formatSeconds(run.seconds)} wall, ${formatSeconds(run.cpuSeconds)} CPU: ${msPerClip(run.seconds, run.clips)} ms a clip`);
  return run;
};

const msPerClip = (seconds: number, clips: number): string => ((seconds / clips) * 1000).toFixed(0);

/**
 * How long the first and the last quarter of the clips took to be stored, from the 'clip-generated'
 * events (each one after its clip is stored): the first quarter from the first clip stored, the
 * last up to the last. A store whose cost grows with the clips already stored (a quadratic run)
 * shows as a last quarter slower than the first.
 */
const storingQuarters = (run: ColdRun): string => {
  const times = run.storedSeconds;
  const quarter = Math.floor(times.length / 4);
  const first = times[quarter]! - times[0]!;
  const last = times.at(-1)! - times.at(-1 - quarter)!;
  const spread = times.at(-1)! - times[0]!;
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;
  return (
    `8a: ${run.label} (${run.clips} clips): the first clip stored ${formatSeconds(times[0]! - run.startSeconds)} after planning, the last ${formatSeconds(times.at(-1)! - run.startSeconds)}; ` +
    `the first ${quarter} clips stored in ${ms(first)}, the last ${quarter} in ${ms(last)}` +
    // A ratio of a few milliseconds is timer noise, not a trend.
    (first >= 0.05 ? ` (${ratio(last / first)})` : '') +
    (spread < run.seconds / 20 ? ': stored in one burst at the end, every clip generated before the first was stored' : '')
  );
};

/** Row 8a's figure and its lines; `short` are the 100-cue runs (before and after the long one). */
const perClipLines = ({short, long}: {short: ColdRun[]; long: ColdRun}): {line: ReportLine; raw: string[]; notes: string[]} => {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const shortPerClip = mean(short.map((run) => run.seconds / run.clips));
  const shortCpuPerClip = mean(short.map((run) => run.cpuSeconds / run.clips));
  const figure = long.cpuSeconds / long.clips / shortCpuPerClip;
  const wallFigure = long.seconds / long.clips / shortPerClip;
  const describe = (run: ColdRun) =>
    `8a: ${run.label}: ${run.cues} cues, ${run.clips} clips (${run.charactersPerClip.toFixed(1)} characters a clip): ` +
    `${formatSeconds(run.seconds)} wall (${msPerClip(run.seconds, run.clips)} ms a clip), ${formatSeconds(run.cpuSeconds)} CPU (${msPerClip(run.cpuSeconds, run.clips)} ms a clip); ` +
    `peak memory of the process so far ${run.peakMemoryInMb.toFixed(0)} MB`;
  return {
    line: {
      id: '8a',
      measurement:
        `a long course, draft voice: cold \`prepareNarration\` (generate, decode, store) of ${long.cues} paragraph cues (${long.clips} clips) ÷ of ${SHORT_COURSE_CUES} cues ` +
        `(${short[0]!.clips} clips, mean of a run before and one after), CPU seconds per clip (wall seconds per clip in brackets: on shared cores, they count the neighbours' work too)`,
      figure: `${ratio(figure)} (wall ${ratio(wallFigure)})`,
      goal: `≤ ${PER_CLIP_GOAL}×`,
      met: figure <= PER_CLIP_GOAL,
    },
    raw: [...short.slice(0, 1), long, ...short.slice(1)].map(describe),
    notes: [long, ...short].map(storingQuarters),
  };
};

/**
 * Row 8, a long course narrated with the offline draft voice (no token, no fake):
 * 8a, cold `prepareNarration` in this process of 100 and 400 paragraph cues (~260 and ~1,040
 * clips), each in an empty public/, CPU seconds per clip at 400 ÷ at 100 (the 100 run once
 * before and once after the 400, whose mean evens out the state of the machine and of V8), wall
 * seconds beside them; the untimed warm-up before them loads eSpeak and lets V8 compile the code.
 * 8b, warm `prepare --props` of the 400-cue course ÷ `remotion compositions --props` (row 6c's
 * comparison), in a temp copy of the example whose public/ the 400-cue run of 8a filled.
 */
export const longCourseRow = async ({explain}: {explain: boolean}): Promise<RowReport> => {
  const project = await createTempProject();
  const scratch = await mkdtemp(path.join(tmpdir(), 'narration-bench-course-'));
  try {
    const propsFile = path.join(project.root, 'bench-course.json');
    const narration = courseNarration(LONG_COURSE_CUES);
    await writeFile(propsFile, `${JSON.stringify({narration}, null, 2)}\n`);
    const shortDir = (name: string) => path.join(scratch, name, 'public');

    progress(`row 8a: cold prepareNarration of a course, draft voice, in this process: ${WARM_UP_CUES} cues (warm-up), ${SHORT_COURSE_CUES}, ${LONG_COURSE_CUES}, ${SHORT_COURSE_CUES} again`);
    await coldPrepare({label: 'warm-up', cues: WARM_UP_CUES, publicDir: shortDir('warm-up')});
    const shortBefore = await coldPrepare({label: `${SHORT_COURSE_CUES} cues, before`, cues: SHORT_COURSE_CUES, publicDir: shortDir('before')});
    // Into the project row 8b compares, recorded as a prepare of its props file would record it.
    const long = await coldPrepare({
      label: `${LONG_COURSE_CUES} cues`,
      cues: LONG_COURSE_CUES,
      publicDir: project.publicDir,
      propsSource: propsSourceOf({propsFile, projectRoot: project.root}),
    });
    const shortAfter = await coldPrepare({label: `${SHORT_COURSE_CUES} cues, after`, cues: SHORT_COURSE_CUES, publicDir: shortDir('after')});
    await rm(scratch, {recursive: true, force: true});
    const perClip = perClipLines({short: [shortBefore, shortAfter], long});

    const raw = [...perClip.raw];
    const notes = [...perClip.notes];
    const what = `${LONG_COURSE_CUES} paragraph cues in ${long.clips} clips`;
    const subject: WarmPrepareSubject = {
      row: '8b',
      what,
      root: project.root,
      publicDir: project.publicDir,
      env: envFor({}),
      propsFile,
      narration,
      cold: async () => {
        // Untimed: a first prepare through the CLI bundles the project, as the cold prepare of
        // rows 3 and 6c does, so that the warm ones find the bundler's cache as warm as there.
        progress(`row 8b: a first prepare of the course through the built CLI (untimed)`);
        const first = await timed(() => runNarrationCli(['prepare', '--props', propsFile, '--json'], {cwd: project.root, env: subject.env}));
        if (first.result.code !== 0) throw new Error(`The first prepare through the CLI failed (exit ${first.result.code}):\n${first.result.stdout}\n${first.result.stderr}`);
        progress(`  done in ${formatSeconds(first.seconds)}`);
        const said = JSON.parse(first.result.stdout.trim().split('\n').at(-1)!) as {generated: number; cached: number; requests: number};
        raw.push(
          `8b: the first prepare through the CLI after 8a's in-process cold one (untimed) ${formatSeconds(first.seconds)}: ` +
            `${said.generated} generated, ${said.cached} cached, ${said.requests} requests`,
        );
        return {seconds: long.seconds};
      },
    };
    let warm: ReportLine;
    let crashed = false;
    try {
      const comparison = await compareWarmPrepare({subject, explain});
      warm = {
        id: '8b',
        measurement: `warm \`prepare --props\` of the long course (${what}, draft voice) ÷ \`remotion compositions --props\`, median of ${comparison.times.ours.length}; speech requests the warm prepares made`,
        figure: `${ratio(comparison.figure)}, ${comparison.requests} requests`,
        goal: `≤ ${WARM_PREPARE_GOAL}×, 0 requests`,
        met: comparison.figure <= WARM_PREPARE_GOAL && comparison.requests === 0,
      };
      raw.push(...comparison.raw);
      notes.push(...(comparison.notes ?? []));
    } catch (error) {
      // 8a stays in the report when 8b cannot be measured.
      progress(`row 8b failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      warm = {id: '8b', measurement: `could not be measured: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`, figure: 'error', goal: '—', met: false};
      crashed = true;
    }
    return {lines: [perClip.line, warm], raw, notes, ...(crashed ? {crashed} : {})};
  } finally {
    await rm(scratch, {recursive: true, force: true});
    await project.remove();
  }
};
