// The word-timing ground truth in test/fixtures/alignment/ (see its README): Festival and flite
// speech with the engines' own word times, for the aligner's accuracy test and bench row.
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {wordsOf} from '../../src/core/text/words.ts';

export const GROUND_TRUTH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/alignment');
/** `clips/` was used while tuning the aligner; `holdout/` was written afterwards and only measured. */
export const GROUND_TRUTH_SETS = ['clips', 'holdout'] as const;

export type GroundTruthClip = {
  id: string;
  set: (typeof GROUND_TRUTH_SETS)[number];
  engine: 'festival' | 'flite';
  voice: string;
  text: string;
  durationInSeconds: number;
  mp3: Uint8Array;
  /** Per word of `wordsOf(text)` that has a letter or digit: its index there and the engine's times. */
  words: {index: number; word: string; startInSeconds: number; endInSeconds: number}[];
};

type FixtureJson = {
  id: string;
  engine: 'festival' | 'flite';
  voice: string;
  text: string;
  durationInSeconds: number;
  words: {word: string; startInSeconds: number; endInSeconds: number}[];
};

/** Every clip of both sets, in order; checks that the fixture's words are the product's words. */
export const loadGroundTruth = async (): Promise<GroundTruthClip[]> => {
  const clips: GroundTruthClip[] = [];
  for (const set of GROUND_TRUTH_SETS) {
    const folder = path.join(GROUND_TRUTH_DIR, set);
    const ids = (await readdir(folder)).filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -'.json'.length)).sort();
    for (const id of ids) {
      const fixture = JSON.parse(await readFile(path.join(folder, `${id}.json`), 'utf8')) as FixtureJson;
      const spoken = wordsOf(fixture.text).flatMap((word, index) => (/[\p{L}\p{N}]/u.test(word.text) ? [{index, word: word.text}] : []));
      if (spoken.length !== fixture.words.length || spoken.some((word, k) => word.word !== fixture.words[k]!.word)) {
        throw new Error(`${set}/${id}.json: its words are not the words wordsOf finds in its text.`);
      }
      clips.push({
        id,
        set,
        engine: fixture.engine,
        voice: fixture.voice,
        text: fixture.text,
        durationInSeconds: fixture.durationInSeconds,
        mp3: new Uint8Array(await readFile(path.join(folder, `${id}.mp3`))),
        words: fixture.words.map((word, k) => ({...word, index: spoken[k]!.index})),
      });
    }
  }
  return clips;
};

/** The q-quantile (0..1) of `values`, by the nearest rank below. */
export const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

/**
 * |onset| and |end| errors in seconds of measured word times against the ground truth, over all
 * words, and per engine/voice.
 */
export const wordTimingErrors = (clips: GroundTruthClip[], measured: [number, number][][]) => {
  const onsets: number[] = [];
  const ends: number[] = [];
  const onsetsByVoice = new Map<string, number[]>();
  clips.forEach((clip, c) => {
    for (const word of clip.words) {
      const [start, end] = measured[c]![word.index]!;
      onsets.push(Math.abs(start - word.startInSeconds));
      ends.push(Math.abs(end - word.endInSeconds));
      const key = `${clip.engine}/${clip.voice}`;
      onsetsByVoice.set(key, [...(onsetsByVoice.get(key) ?? []), Math.abs(start - word.startInSeconds)]);
    }
  });
  return {onsets, ends, onsetsByVoice};
};

/** "15 / 65 ms" */
export const formatMedianP95 = (values: number[]): string =>
  `${Math.round(quantile(values, 0.5) * 1000)} / ${Math.round(quantile(values, 0.95) * 1000)} ms`;
