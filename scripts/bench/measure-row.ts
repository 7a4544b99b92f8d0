import {execFile} from 'node:child_process';
import {readdir, readFile} from 'node:fs/promises';
import {availableParallelism} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {MPEGDecoder} from 'mpg123-decoder';
import {measureFiles} from '../../src/node/mp3/measure-files.ts';
import {describeSamples, measureMp3} from '../../src/node/mp3/measure-mp3.ts';
import {REPO_ROOT} from '../../test/helpers/temp-project.ts';
import type {BenchProject} from './bench-project.ts';
import {ratio, type RowReport} from './report.ts';
import {frameWalkDurationInSeconds} from './mp3-frame-walk.ts';
import {alternate, formatSeconds, formatSecondsList, median, progress, timed} from './timing.ts';

const RUNS = 3;
const GOAL = 10;
const COMPOSITOR_DIR = path.join(REPO_ROOT, 'node_modules/@remotion/compositor-linux-x64-gnu');
const run = promisify(execFile);

/** What a user's script does: one ffprobe process per file, one after another. */
const ffprobeDurations = async (files: string[]): Promise<number[]> => {
  const durations: number[] = [];
  for (const file of files) {
    const {stdout} = await run(path.join(COMPOSITOR_DIR, 'ffprobe'), ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], {
      env: {...process.env, LD_LIBRARY_PATH: COMPOSITOR_DIR},
    });
    durations.push(Number(stdout.trim()));
  }
  return durations;
};

const ourDurations = async (files: string[]): Promise<number[]> =>
  (await measureFiles({files})).map((measured) => {
    if ('error' in measured) throw new Error(`measureFiles failed on ${measured.file}: ${measured.error}`);
    return measured.durationInSeconds;
  });

/** Row 4: `measureFiles` on the 200 clips of row 3 against one ffprobe per file. */
export const measureFilesRow = async ({project, explain}: {project: BenchProject; explain: boolean}): Promise<RowReport> => {
  const files = await project.manyCuesClipFiles();
  progress(`row 4: durations of ${files.length} mp3 files, measureFiles vs one ffprobe per file, ${RUNS} runs each`);
  let ours: number[] = [];
  let theirs: number[] = [];
  const times = await alternate({
    runs: RUNS,
    label: {ours: 'measureFiles', theirs: 'ffprobe per file'},
    ours: async () => (ours = await ourDurations(files)),
    theirs: async () => (theirs = await ffprobeDurations(files)),
  });
  const figure = median(times.theirs) / median(times.ours);
  const largestDifference = Math.max(...ours.map((seconds, index) => Math.abs(seconds - theirs[index]!)));
  const report: RowReport = {
    lines: [
      {
        id: '4',
        measurement: `durations of ${files.length} mp3s: ffprobe time (1 process/file, sequential) ÷ \`measureFiles\` time`,
        figure: ratio(figure),
        goal: `≥ ${GOAL}×`,
        met: figure >= GOAL,
      },
    ],
    raw: [
      `4: measureFiles ${formatSecondsList(times.ours)} s → median ${formatSeconds(median(times.ours))}; ffprobe ${formatSecondsList(times.theirs)} s → median ${formatSeconds(median(times.theirs))}`,
      `4: ${files.length} files, ${ours.reduce((sum, seconds) => sum + seconds, 0).toFixed(1)} s of audio; largest |ours − ffprobe| ${(largestDifference * 1000).toFixed(1)} ms (ffprobe reads headers, and counts codec delay on untagged files)`,
    ],
  };
  if (explain || figure < GOAL) report.notes = await whereMeasureTimeGoes({files, ours, ffprobeSeconds: median(times.theirs)});
  return report;
};

/** Whether the frame walk agrees with decoding on the committed fixtures, which are the hard cases. */
const frameWalkOnFixtures = async (): Promise<string> => {
  const folder = path.join(REPO_ROOT, 'test/fixtures');
  const files = (await readdir(folder)).filter((file) => file.endsWith('.mp3')).sort();
  const verdicts = await Promise.all(
    files.map(async (file) => {
      const data = await readFile(path.join(folder, file));
      const walked = frameWalkDurationInSeconds(data);
      const decoded = await measureMp3({data, name: file}).then((audio) => audio.durationInSeconds, () => null);
      if (walked === null) return `${file}: walk gives up${decoded === null ? ', decoding fails too' : `, decoding says ${decoded.toFixed(4)} s`}`;
      return `${file}: ${walked === decoded ? 'same' : 'DIFFERENT'} (${walked.toFixed(4)} s)`;
    }),
  );
  return verdicts.join('; ');
};

/**
 * `measureFiles` taken apart, one step at a time over all files: reading, creating a decoder
 * per file (as measureMp3 does), decoding, the silence scan; and the frame-walk prototype,
 * which finds the same length without decoding.
 */
const whereMeasureTimeGoes = async ({files, ours, ffprobeSeconds}: {files: string[]; ours: number[]; ffprobeSeconds: number}): Promise<string[]> => {
  progress('row 4: timing the parts of measureFiles one by one');
  const read = await timed(() => Promise.all(files.map((file) => readFile(file))));
  const datas = read.result;
  const instantiate = await timed(async () => {
    for (const _ of datas) {
      const decoder = new MPEGDecoder();
      await decoder.ready;
      decoder.free();
    }
  });
  // One decoder for every file; decoding and the silence scan timed apart, file by file.
  const decoder = new MPEGDecoder();
  await decoder.ready;
  let decodeSeconds = 0;
  let scanSeconds = 0;
  for (const data of datas) {
    const decodedAt = performance.now();
    const decoded = decoder.decode(data);
    const scannedAt = performance.now();
    describeSamples(decoded);
    scanSeconds += (performance.now() - scannedAt) / 1000;
    decodeSeconds += (scannedAt - decodedAt) / 1000;
    await decoder.reset();
  }
  decoder.free();
  const walk = await timed(async () => datas.map((data) => frameWalkDurationInSeconds(data)));
  const disagreements = walk.result.filter((seconds, index) => seconds !== ours[index]).length;
  const cores = availableParallelism();
  const audioSeconds = ours.reduce((sum, seconds) => sum + seconds, 0);
  return [
    `4: reading ${files.length} files ${formatSeconds(read.seconds)}; a new MPEGDecoder + ready + free per file ${formatSeconds(instantiate.seconds)}; ` +
      `decoding with one reused decoder ${formatSeconds(decodeSeconds)} (${(audioSeconds / decodeSeconds).toFixed(0)}× real time); silence scan ${formatSeconds(scanSeconds)}`,
    `4: decoding alone, with no decoder set-up, would be ${ratio(ffprobeSeconds / decodeSeconds)} ffprobe's speed on one core, ` +
      `${ratio((ffprobeSeconds * cores) / decodeSeconds)} at best on all ${cores} cores` +
      ((ffprobeSeconds * cores) / decodeSeconds < GOAL ? `: decoding every sample cannot reach ${GOAL}× on this machine` : ''),
    `4: prototype frame walk (scripts/bench/mp3-frame-walk.ts: count whole Layer III frames, apply the LAME tag's delay/padding as mpg123 does) ` +
      `${(walk.seconds * 1000).toFixed(1)} ms for ${files.length} files (+ reading ${formatSeconds(read.seconds)}: ${ratio(ffprobeSeconds / (walk.seconds + read.seconds))} ffprobe's speed), ` +
      `${disagreements === 0 ? 'the same length as decoding for every file, to the sample' : `${disagreements} file(s) differ from decoding`}`,
    `4: frame walk on test/fixtures (VBR without Xing, MPEG-2.5 8 kHz, truncated, not audio): ${await frameWalkOnFixtures()}`,
  ];
};
