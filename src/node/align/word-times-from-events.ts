import {wordWeights} from '../../core/text/spread-words-by-length.ts';
import {wordsOf, type WordSpan} from '../../core/text/words.ts';
import {SILENCE_THRESHOLD} from '../mp3/describe-samples.ts';
import type {EspeakWordEvent} from '../providers/draft-voice/espeak-engine.ts';
import {MIN_PAUSE_IN_SECONDS} from './detect-speech.ts';
import type {MonoAudio} from './mono-audio.ts';

/** [start, end] of a word, in seconds. */
export type WordTime = [number, number];

/**
 * Where each word of `text` (`wordsOf(text)`, in order) is in eSpeak's own rendition of it, from
 * eSpeak's word events: [start, end] in seconds from the first sample of `audio`, or null for a
 * word that is not spoken (no letter or digit, and no event of its own: "—", "...").
 *
 * - A word starts at its earliest event (a number such as 1,500 gets several). eSpeak places
 *   the event of a word that follows a pause at the pause's start: such a start moves to where
 *   the sound resumes. Shorter silence (under MIN_PAUSE_IN_SECONDS, as in `detectSpeech`: the
 *   closure of a stop) stays part of the word, as the synthesizers' own segmentations count it.
 * - A word ends where the next one starts or, when a pause separates them, where the sound
 *   stops; the last word ends where the sound does.
 * - A spoken word without an event of its own (eSpeak runs some into the next: "of the") gets a
 *   share of the time between its neighbours' events in proportion to its estimated length.
 *
 * Events are matched to words in order, by the word that contains the event's character index:
 * after accented letters eSpeak's positions can be a few characters off, so never by equality.
 */
export const wordTimesFromEvents = ({
  text,
  wordEvents,
  audio,
}: {
  text: string;
  wordEvents: EspeakWordEvent[];
  audio: MonoAudio;
}): {times: (WordTime | null)[]; wordsWithEvents: number} => {
  const words = wordsOf(text);
  const {samples, sampleRate} = audio;
  const starts = eventStarts(text, words, wordEvents).map((sample) => (sample === null ? null : sample / sampleRate));
  const wordsWithEvents = starts.filter((start) => start !== null).length;
  const spoken = words.map((word, index) => starts[index] !== null || /[\p{L}\p{N}]/u.test(word.text));
  const firstSound = firstLoudSample(samples, 0, samples.length);
  const soundStart = firstSound === -1 ? 0 : firstSound / sampleRate;
  const soundEnd = firstSound === -1 ? samples.length / sampleRate : (lastLoudSample(samples, 0, samples.length) + 1) / sampleRate;
  const spokenIndexes = words.map((_, index) => index).filter((index) => spoken[index]);
  // Kept in order, should eSpeak's events ever not be.
  let latest = 0;
  const spokenStarts = interpolateMissing({
    starts: spokenIndexes.map((index) => starts[index] ?? null),
    weights: wordWeights(spokenIndexes.map((index) => words[index]!)),
    from: soundStart,
    to: soundEnd,
  }).map((start) => (latest = Math.max(latest, start)));
  const minPause = Math.round(MIN_PAUSE_IN_SECONDS * sampleRate);
  // Out of a pause the event sits in, never past the next word's start.
  const placed = spokenStarts.map((start, k) => {
    const from = Math.round(start * sampleRate);
    const loud = firstLoudSample(samples, from, Math.round((spokenStarts[k + 1] ?? soundEnd) * sampleRate));
    return loud !== -1 && loud - from >= minPause ? loud / sampleRate : start;
  });
  const times: (WordTime | null)[] = words.map(() => null);
  spokenIndexes.forEach((index, k) => {
    const start = placed[k]!;
    const next = placed[k + 1] ?? soundEnd;
    const to = Math.round(next * sampleRate);
    const last = lastLoudSample(samples, Math.round(start * sampleRate), to);
    const end = last !== -1 && to - (last + 1) >= minPause ? (last + 1) / sampleRate : next;
    times[index] = [start, Math.max(start, Math.min(next, end))];
  });
  return {times, wordsWithEvents};
};

/** Per word, the sample of its earliest event, or null. */
const eventStarts = (text: string, words: WordSpan[], wordEvents: EspeakWordEvent[]): (number | null)[] => {
  const codePointAt = codePointIndexes(text);
  const ranges = words.map((word) => ({start: codePointAt[word.start]!, end: codePointAt[word.end]!}));
  const starts: (number | null)[] = words.map(() => null);
  let k = 0;
  for (const event of wordEvents) {
    // Events come in text order: search forward from the last word matched.
    let candidate = k;
    while (candidate < ranges.length && ranges[candidate]!.end <= event.characterIndex) candidate++;
    if (candidate >= ranges.length || ranges[candidate]!.start > event.characterIndex) continue;
    k = candidate;
    const current = starts[k];
    if (current === null || current === undefined || event.sample < current) starts[k] = event.sample;
  }
  return starts;
};

/** For each UTF-16 offset of `text` (and its end), the number of code points before it. */
const codePointIndexes = (text: string): Uint32Array => {
  const indexes = new Uint32Array(text.length + 1);
  let codePoints = 0;
  let offset = 0;
  for (const character of text) {
    for (let unit = 0; unit < character.length; unit++) indexes[offset + unit] = codePoints;
    offset += character.length;
    codePoints++;
  }
  indexes[text.length] = codePoints;
  return indexes;
};

/**
 * Fills the null starts: a run of them shares the time from the start before it to the start
 * after it (or `from`/`to` at the ends) with the word before it, in proportion to `weights`.
 */
const interpolateMissing = ({starts, weights, from, to}: {starts: (number | null)[]; weights: number[]; from: number; to: number}): number[] => {
  const filled = [...starts];
  let k = 0;
  while (k < filled.length) {
    if (filled[k] !== null) {
      k++;
      continue;
    }
    const first = k;
    while (k < filled.length && filled[k] === null) k++;
    // The word before the run (if any) shares the time too: its start is known, its length is not.
    const sharedFrom = first > 0 ? first - 1 : first;
    const begin = first > 0 ? filled[first - 1]! : from;
    const end = Math.max(begin, k < filled.length ? filled[k]! : to);
    const total = weights.slice(sharedFrom, k).reduce((sum, weight) => sum + weight, 0);
    let before = 0;
    for (let j = sharedFrom; j < k; j++) {
      if (j >= first) filled[j] = begin + ((end - begin) * before) / total;
      before += weights[j]!;
    }
  }
  return filled.map((start) => start!);
};

/** The first sample in [from, to) louder than the silence threshold, or -1. */
const firstLoudSample = (samples: Float32Array, from: number, to: number): number => {
  for (let i = Math.max(0, from); i < Math.min(to, samples.length); i++) if (Math.abs(samples[i]!) > SILENCE_THRESHOLD) return i;
  return -1;
};

/** The last sample in [from, to) louder than the silence threshold, or -1. */
const lastLoudSample = (samples: Float32Array, from: number, to: number): number => {
  for (let i = Math.min(to, samples.length) - 1; i >= Math.max(0, from); i--) if (Math.abs(samples[i]!) > SILENCE_THRESHOLD) return i;
  return -1;
};
