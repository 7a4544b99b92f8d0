import {measureWordTiming, WORD_ALIGNER_ID} from '../../src/node/align/measure-word-timing.ts';
import {mixToMono} from '../../src/node/align/mono-audio.ts';
import {decodeMp3} from '../../src/node/mp3/decode-mp3.ts';
import {inspectMp3} from '../../src/node/mp3/inspect-mp3.ts';
import {readMp3Frames} from '../../src/node/mp3/read-mp3-frames.ts';
import {GROUND_TRUTH_SETS, loadGroundTruth, quantile, wordTimingErrors, type GroundTruthClip} from '../../test/align/ground-truth.ts';
import {ratio, type RowReport} from './report.ts';
import {formatSecondsList, median, progress, timed} from './timing.ts';

const RUNS = 3;
/** Word timing must cost no more than 1 % of a core per second of audio (×100 real time). */
const SPEED_GOAL = 100;
/** Onset error goals over the words of each group of sets, in seconds. */
const MEDIAN_GOAL_IN_SECONDS = 0.05;
const P95_GOAL_IN_SECONDS = 0.15;

/**
 * CPU seconds of this process (user + system, every thread) spent in `work`. CPU time rather than
 * wall time, so that other work on the machine does not count; the work itself runs on one
 * thread, and V8's compiler and GC threads count too, so the figure is conservative.
 */
const cpuSeconds = async (work: () => Promise<unknown>): Promise<number> => {
  const before = process.cpuUsage();
  await work();
  const {user, system} = process.cpuUsage(before);
  return (user + system) / 1e6;
};

/** What the store does before word timing anyway: the gapless decode, mixed to one channel. */
const decodeAll = async (clips: GroundTruthClip[]) => {
  for (const clip of clips) {
    const decoded = await decodeMp3({data: clip.mp3, frames: readMp3Frames({data: clip.mp3, name: clip.id}), name: clip.id});
    mixToMono({channelData: decoded.channelData, length: decoded.samplesDecoded});
  }
};

const measureAll = async (clips: GroundTruthClip[]) => {
  const measured: [number, number][][] = [];
  for (const clip of clips) {
    const {by, words} = await measureWordTiming({text: clip.text, data: clip.mp3, name: `${clip.set}/${clip.id}.mp3`, language: clip.language});
    if (by !== WORD_ALIGNER_ID) throw new Error(`${clip.set}/${clip.id}: measured by ${by}, not ${WORD_ALIGNER_ID}: eSpeak could not be used.`);
    measured.push(words);
  }
  return measured;
};

/** The groups of sets the row reports on: tuned and held out, English and Mandarin. */
const GROUPS = [
  {label: "English, tuning sets (Festival's and flite's own word times)", language: 'en', heldOut: false},
  {label: 'English, held out (never tuned on)', language: 'en', heldOut: true},
  {label: "Mandarin, tuning set (eSpeak NG's Klatt and other variants, its own word events)", language: 'zh', heldOut: false},
  {label: 'Mandarin, held out (never tuned on)', language: 'zh', heldOut: true},
] as const;

/**
 * Word timing (`measureWordTiming`) on the committed ground truth (test/fixtures/alignment:
 * Festival and flite English, eSpeak NG Mandarin in other voices): its speed in × real time on
 * one core, CPU time of the alignment alone (the decoding it includes is measured side by side and
 * taken off), and its accuracy against the engines' own word times, tuning and held-out sets
 * apart. `id` is the row's number in the report.
 */
export const alignRow = async ({id = '7'}: {id?: string} = {}): Promise<RowReport> => {
  const clips = await loadGroundTruth();
  const audioSeconds = clips.reduce((sum, clip) => sum + inspectMp3({data: clip.mp3, name: clip.id}).durationInSeconds, 0);
  progress(`row ${id}: word timing of ${clips.length} clips (${audioSeconds.toFixed(0)} s of audio), ${RUNS} runs, decoding alone alternating with it`);
  // Loading eSpeak (shared with the draft voice) and finding its event list, once per process.
  const cold = await timed(() => measureWordTiming({text: clips[0]!.text, data: clips[0]!.mp3, name: 'warm-up'}));
  const decodeTimes: number[] = [];
  const measureTimes: number[] = [];
  let measured: [number, number][][] = [];
  for (let run = 1; run <= RUNS; run++) {
    decodeTimes.push(await cpuSeconds(() => decodeAll(clips)));
    measureTimes.push(await cpuSeconds(async () => (measured = await measureAll(clips))));
    progress(`  #${run}: decoding ${decodeTimes.at(-1)!.toFixed(2)} s CPU, decoding + word timing ${measureTimes.at(-1)!.toFixed(2)} s CPU`);
  }
  const alignSeconds = Math.max(1e-6, median(measureTimes) - median(decodeTimes));
  const speed = audioSeconds / alignSeconds;
  const ms = (seconds: number) => `${Math.round(seconds * 1000)}`;
  const letters = 'bcdefgh';
  const groups = GROUPS.map((group, g) => {
    const inGroup = clips.flatMap((clip, c) => (clip.language === group.language && clip.heldOut === group.heldOut ? [c] : []));
    const {onsets, ends} = wordTimingErrors(
      inGroup.map((c) => clips[c]!),
      inGroup.map((c) => measured[c]!),
    );
    const sets = GROUND_TRUTH_SETS.filter((set) => set.language === group.language && set.heldOut === group.heldOut).map(({set}) => `${set}/`);
    return {...group, id: `${id}${letters[g]}`, sets, clipCount: inGroup.length, onsets, ends};
  });
  return {
    lines: [
      {
        id: `${id}a`,
        measurement: `word timing (\`measureWordTiming\`: eSpeak + DTW) of ${clips.length} clips, ${audioSeconds.toFixed(0)} s of audio: × real time on one core, CPU time without the decoding`,
        figure: ratio(speed),
        goal: `≥ ${SPEED_GOAL}×`,
        met: speed >= SPEED_GOAL,
      },
      ...groups.map(({id: lineId, label, sets, clipCount, onsets}) => {
        const onsetMedian = quantile(onsets, 0.5);
        const onsetP95 = quantile(onsets, 0.95);
        return {
          id: lineId,
          measurement: `word onsets, ${label}: ${sets.join(', ')}, ${clipCount} clips, ${onsets.length} words: |error| median / p95`,
          figure: `${ms(onsetMedian)} / ${ms(onsetP95)} ms`,
          goal: `≤ ${ms(MEDIAN_GOAL_IN_SECONDS)} / ≤ ${ms(P95_GOAL_IN_SECONDS)} ms`,
          met: onsetMedian <= MEDIAN_GOAL_IN_SECONDS && onsetP95 <= P95_GOAL_IN_SECONDS,
        };
      }),
    ],
    raw: [
      `${id}a: CPU seconds, decoding alone ${formatSecondsList(decodeTimes)} → median ${median(decodeTimes).toFixed(2)}; ` +
        `decoding + word timing ${formatSecondsList(measureTimes)} → median ${median(measureTimes).toFixed(2)}; ` +
        `word timing alone ${alignSeconds.toFixed(2)} s for ${audioSeconds.toFixed(1)} s of audio ` +
        `(decoding ${ratio(audioSeconds / median(decodeTimes))}, both ${ratio(audioSeconds / median(measureTimes))} real time)`,
      `${id}a: first call ${cold.seconds.toFixed(2)} s wall (loads eSpeak's WASM once per process, shared with the draft voice)`,
      ...groups.map(
        ({id: lineId, onsets, ends}) =>
          `${lineId}: onsets p99 ${ms(quantile(onsets, 0.99))} ms, ${onsets.filter((error) => error > 0.15).length} of ${onsets.length} more than 150 ms off; ` +
          `|end error| median / p95 ${ms(quantile(ends, 0.5))} / ${ms(quantile(ends, 0.95))} ms (${ends.length} known ends)`,
      ),
    ],
  };
};
