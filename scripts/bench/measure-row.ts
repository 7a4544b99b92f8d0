import {execFile} from 'node:child_process';
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {MPEGDecoder} from 'mpg123-decoder';
import {inspectMp3} from '../../src/node/mp3/inspect-mp3.ts';
import {measureFiles} from '../../src/node/mp3/measure-files.ts';
import {REPO_ROOT} from '../../test/helpers/temp-project.ts';
import type {BenchProject} from './bench-project.ts';
import {ratio, type RowReport} from './report.ts';
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

/**
 * The reference: every file decoded in full by mpg123-decoder (gapless, as measureMp3 and the
 * browser decode), samples ÷ sample rate. Null for a file that does not decode.
 */
const decodedDurations = async (datas: Uint8Array[]): Promise<(number | null)[]> => {
  const durations: (number | null)[] = [];
  for (const data of datas) {
    const decoder = new MPEGDecoder();
    await decoder.ready;
    const error = console.error;
    console.error = () => undefined; // mpg123-decoder prints an error per false frame sync
    try {
      const decoded = decoder.decode(data);
      durations.push(decoded.samplesDecoded > 0 && decoded.sampleRate > 0 ? decoded.samplesDecoded / decoded.sampleRate : null);
    } finally {
      console.error = error;
      decoder.free();
    }
  }
  return durations;
};

/**
 * Row 4: `measureFiles` (a frame walk: no decoding) on the 200 clips of row 3 against one
 * ffprobe per file; its lengths must equal a full gapless decode's, to the sample.
 */
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
  progress('row 4: decoding every file in full to check the lengths');
  const datas = await Promise.all(files.map(async (file) => new Uint8Array(await readFile(file))));
  const decoded = await decodedDurations(datas);
  const differing = ours.filter((seconds, index) => seconds !== decoded[index]).length;
  const figure = median(times.theirs) / median(times.ours);
  const largestDifference = Math.max(...ours.map((seconds, index) => Math.abs(seconds - theirs[index]!)));
  const report: RowReport = {
    lines: [
      {
        id: '4',
        measurement: `durations of ${files.length} mp3s: ffprobe time (1 process/file, sequential) ÷ \`measureFiles\` time, lengths equal to a full decode`,
        figure: `${ratio(figure)}${differing === 0 ? '' : `, ${differing} length(s) differ`}`,
        goal: `≥ ${GOAL}×, 0 differ`,
        met: figure >= GOAL && differing === 0,
      },
    ],
    raw: [
      `4: measureFiles ${formatSecondsList(times.ours)} s → median ${formatSeconds(median(times.ours))}; ffprobe ${formatSecondsList(times.theirs)} s → median ${formatSeconds(median(times.theirs))}`,
      `4: ${files.length} files, ${ours.reduce((sum, seconds) => sum + seconds, 0).toFixed(1)} s of audio; ` +
        `${differing === 0 ? 'every length equals the full gapless decode, to the sample' : `${differing} length(s) differ from the full gapless decode`}; ` +
        `largest |ours − ffprobe| ${(largestDifference * 1000).toFixed(1)} ms (ffprobe reads headers, and counts encoder delay and padding)`,
    ],
  };
  if (explain || figure < GOAL || differing > 0) report.notes = await whereMeasureTimeGoes({datas, ffprobeSeconds: median(times.theirs)});
  return report;
};

/** The frame walk against a full decode on the committed fixtures, which are the hard cases. */
const walkOnFixtures = async (): Promise<string> => {
  const folder = path.join(REPO_ROOT, 'test/fixtures');
  const files = (await readdir(folder)).filter((file) => file.endsWith('.mp3')).sort();
  const datas = await Promise.all(files.map(async (file) => new Uint8Array(await readFile(path.join(folder, file)))));
  const decoded = await decodedDurations(datas);
  const verdicts = files.map((file, index) => {
    let walked: number;
    try {
      walked = inspectMp3({data: datas[index]!, name: file}).durationInSeconds;
    } catch {
      return `${file}: refused${decoded[index] === null ? '' : ` (decoding gives ${decoded[index]!.toFixed(4)} s of whatever it finds)`}`;
    }
    return `${file}: ${walked === decoded[index] ? 'same' : 'DIFFERENT'}`;
  });
  return verdicts.join('; ');
};

/** `measureFiles` taken apart: reading, the frame walk, and what decoding would cost instead. */
const whereMeasureTimeGoes = async ({datas, ffprobeSeconds}: {datas: Uint8Array[]; ffprobeSeconds: number}): Promise<string[]> => {
  progress('row 4: timing the parts of measureFiles one by one');
  const walk = await timed(async () => datas.map((data, index) => inspectMp3({data, name: String(index)})));
  const decode = await timed(() => decodedDurations(datas));
  return [
    `4: the frame walk (inspectMp3) ${(walk.seconds * 1000).toFixed(1)} ms for ${datas.length} files, the rest of measureFiles is reading them; ` +
      `a full decode of the same files ${formatSeconds(decode.seconds)} (${ratio(ffprobeSeconds / decode.seconds)} ffprobe's speed)`,
    `4: frame walk on test/fixtures: ${await walkOnFixtures()}`,
  ];
};
