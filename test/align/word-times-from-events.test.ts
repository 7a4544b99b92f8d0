import {describe, expect, it} from 'vitest';
import {fillUnspokenWords} from '../../src/node/align/fill-unspoken-words.ts';
import {wordTimesFromEvents} from '../../src/node/align/word-times-from-events.ts';

const sampleRate = 1000;
/** Audio from [seconds, loud] runs: a 0.5-amplitude square wave or digital silence. */
const audioOf = (runs: [number, boolean][]) => {
  const samples: number[] = [];
  for (const [seconds, loud] of runs) for (let i = 0; i < seconds * sampleRate; i++) samples.push(loud ? (i % 2 ? 0.5 : -0.5) : 0);
  return {samples: Float32Array.from(samples), sampleRate};
};
const at = (seconds: number) => Math.round(seconds * sampleRate);

describe('wordTimesFromEvents', () => {
  // 0.2 s silence | "one" 0.3 s | 0.05 s closure | "two" 0.3 s | 0.3 s pause | "three four" 0.6 s
  const audio = audioOf([[0.2, false], [0.3, true], [0.05, false], [0.3, true], [0.3, false], [0.6, true]]);

  it('moves a start out of a pause, keeps a short silence (a closure) in the word, and ends words before a pause', () => {
    const {times, wordsWithEvents} = wordTimesFromEvents({
      text: 'One two, three four.',
      audio,
      wordEvents: [
        {characterIndex: 0, characterCount: 3, sample: at(0)}, // at the start of the leading silence
        {characterIndex: 4, characterCount: 3, sample: at(0.5)}, // at the closure
        {characterIndex: 9, characterCount: 5, sample: at(0.85)}, // at the start of the pause
        {characterIndex: 15, characterCount: 4, sample: at(1.45)},
      ],
    });
    expect(wordsWithEvents).toBe(4);
    expect(times).toEqual([
      [0.2, 0.5],
      [0.5, 0.85],
      [1.15, 1.45],
      [1.45, 1.75],
    ]);
  });

  it('shares the time between two events among the words without one, by estimated length', () => {
    const {times} = wordTimesFromEvents({
      text: 'One two, three four.',
      audio,
      wordEvents: [
        {characterIndex: 0, characterCount: 3, sample: at(0.2)},
        {characterIndex: 15, characterCount: 4, sample: at(1.45)},
      ],
    });
    // "One", "two," and "three" share 0.2-1.45 s by length (3, 4 and 5 graphemes of 65 ms), and
    // "three", placed in the pause at 0.93 s, moves to its end.
    const starts = times.map((time) => time![0]);
    expect(starts[1]).toBeCloseTo(0.2 + 1.25 * (3 / 12), 9);
    expect([starts[0], starts[2], starts[3]]).toEqual([0.2, 1.15, 1.45]);
  });

  it('matches events by the word that contains them, in code points, and leaves words without letters unspoken', () => {
    const {times} = wordTimesFromEvents({
      text: '😀 — 1,500 déjà vu',
      audio,
      wordEvents: [
        {characterIndex: 4, characterCount: 1, sample: at(0.2)}, // "one thousand" inside 1,500
        {characterIndex: 5, characterCount: 2, sample: at(0.3)}, // "five hundred" inside 1,500: not a word of its own
        {characterIndex: 11, characterCount: 4, sample: at(0.5)}, // a position eSpeak got wrong: still "déjà"
      ],
    });
    // "vu" has no event: it gets its share of the time from "déjà" to the end of the sound (1.75 s) by length.
    const starts = times.map((time) => time && time[0]);
    expect(starts.slice(0, 4)).toEqual([null, null, 0.2, 0.5]);
    expect(starts[4]).toBeCloseTo(0.5 + (1.75 - 0.5) * (4 / 6), 9);
  });
});

describe('fillUnspokenWords', () => {
  it.each([
    {name: 'between two words: the gap', times: [[1, 2], null, [3, 4]], filled: [[1, 2], [2, 3], [3, 4]]},
    {name: 'between touching words: nothing', times: [[1, 2], null, [2, 4]], filled: [[1, 2], [2, 2], [2, 4]]},
    {name: 'first: at the next start', times: [null, null, [3, 4]], filled: [[3, 3], [3, 3], [3, 4]]},
    {name: 'last: at the previous end', times: [[1, 2], null], filled: [[1, 2], [2, 2]]},
    {name: 'alone: at 0', times: [null], filled: [[0, 0]]},
  ] as {name: string; times: ([number, number] | null)[]; filled: [number, number][]}[])('$name', ({times, filled}) => {
    expect(fillUnspokenWords(times)).toEqual(filled);
  });
});
