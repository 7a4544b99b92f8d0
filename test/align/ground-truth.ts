// The word-timing ground truth in test/fixtures/alignment/ (see its README): Festival and flite
// speech, and eSpeak NG's Mandarin in voices the aligner does not use, with the engines' own word
// times, for the aligner's accuracy test and bench row.
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {wordsOf} from '../../src/core/text/words.ts';

export const GROUND_TRUTH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/alignment');

/**
 * The sets, in order. `heldOut`: written before the aligner was last tuned and only measured
 * (before and after), so that their figures are what users get on sentences nobody tuned for.
 * `holdout/` was held out when the aligner was written, but was looked at while fixing the
 * English tail (issue 15): it is a tuning set now.
 */
export const GROUND_TRUTH_SETS = [
  {set: 'clips', language: 'en', heldOut: false},
  {set: 'holdout', language: 'en', heldOut: false},
  {set: 'prose', language: 'en', heldOut: false},
  {set: 'prose-holdout', language: 'en', heldOut: true},
  {set: 'zh', language: 'zh', heldOut: false},
  {set: 'zh-holdout', language: 'zh', heldOut: true},
] as const;

export type GroundTruthSet = (typeof GROUND_TRUTH_SETS)[number]['set'];

export type GroundTruthClip = {
  id: string;
  set: GroundTruthSet;
  /** The cue's language, as the product passes it to `measureWordTiming`. */
  language: 'en' | 'zh';
  heldOut: boolean;
  engine: 'festival' | 'flite' | 'espeak-ng';
  voice: string;
  text: string;
  durationInSeconds: number;
  mp3: Uint8Array;
  /**
   * Per word of `wordsOf(text)` that has a letter or digit and a known time: its index there and
   * the engine's times. A Mandarin character eSpeak gave no event of its own has none and is left
   * out; one whose next character has none has no known end (null).
   */
  words: {index: number; word: string; startInSeconds: number; endInSeconds: number | null}[];
};

type FixtureJson = {
  id: string;
  engine: GroundTruthClip['engine'];
  voice: string;
  text: string;
  durationInSeconds: number;
  words: {word: string; startInSeconds: number | null; endInSeconds: number | null}[];
};

/** Letters and digits only: punctuation may be attached to a word or stand alone, depending on `wordsOf`. */
const lettersOf = (word: string) => word.replace(/[^\p{L}\p{N}]/gu, '');

/** Every clip of the sets asked for (all by default), in order; checks that the fixture's words are the product's words. */
export const loadGroundTruth = async (sets: readonly GroundTruthSet[] = GROUND_TRUTH_SETS.map(({set}) => set)): Promise<GroundTruthClip[]> => {
  const clips: GroundTruthClip[] = [];
  for (const {set, language, heldOut} of GROUND_TRUTH_SETS.filter(({set}) => sets.includes(set))) {
    const folder = path.join(GROUND_TRUTH_DIR, set);
    const ids = (await readdir(folder)).filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -'.json'.length)).sort();
    for (const id of ids) {
      const fixture = JSON.parse(await readFile(path.join(folder, `${id}.json`), 'utf8')) as FixtureJson;
      const spoken = wordsOf(fixture.text).flatMap((word, index) => (/[\p{L}\p{N}]/u.test(word.text) ? [{index, word: word.text}] : []));
      if (spoken.length !== fixture.words.length || spoken.some((word, k) => lettersOf(word.word) !== lettersOf(fixture.words[k]!.word))) {
        throw new Error(`${set}/${id}.json: its words are not the words wordsOf finds in its text.`);
      }
      clips.push({
        id,
        set,
        language,
        heldOut,
        engine: fixture.engine,
        voice: fixture.voice,
        text: fixture.text,
        durationInSeconds: fixture.durationInSeconds,
        mp3: new Uint8Array(await readFile(path.join(folder, `${id}.mp3`))),
        words: fixture.words.flatMap(({word, startInSeconds, endInSeconds}, k) =>
          startInSeconds === null ? [] : [{word, startInSeconds, endInSeconds, index: spoken[k]!.index}],
        ),
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
 * words (ends where they are known), and onsets per engine/voice.
 */
export const wordTimingErrors = (clips: GroundTruthClip[], measured: [number, number][][]) => {
  const onsets: number[] = [];
  const ends: number[] = [];
  const onsetsByVoice = new Map<string, number[]>();
  clips.forEach((clip, c) => {
    for (const word of clip.words) {
      const [start, end] = measured[c]![word.index]!;
      onsets.push(Math.abs(start - word.startInSeconds));
      if (word.endInSeconds !== null) ends.push(Math.abs(end - word.endInSeconds));
      const key = `${clip.engine}/${clip.voice}`;
      onsetsByVoice.set(key, [...(onsetsByVoice.get(key) ?? []), Math.abs(start - word.startInSeconds)]);
    }
  });
  return {onsets, ends, onsetsByVoice};
};

/** "15 / 65 ms" */
export const formatMedianP95 = (values: number[]): string =>
  `${Math.round(quantile(values, 0.5) * 1000)} / ${Math.round(quantile(values, 0.95) * 1000)} ms`;
