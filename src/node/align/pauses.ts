import type {Interval} from './detect-speech.ts';

/** A word's place in the audio, in seconds; mutated in place by the steps below. */
export type TimedWord = {startInSeconds: number; endInSeconds: number};

/** A pause within this of the gap between two words is taken to be that gap. */
const PAUSE_SNAP_DISTANCE_IN_SECONDS = 0.15;
/** Snapping never leaves a word shorter than this. */
const MIN_WORD_IN_SECONDS = 0.05;

/**
 * Uses the target's own pauses as anchors: each pause between two speech intervals is given to
 * the nearest boundary between two words, if that boundary is within
 * PAUSE_SNAP_DISTANCE_IN_SECONDS of it; the first word then ends where the pause starts and the
 * second starts where it ends. A pause that would leave either word shorter than 50 ms is left
 * alone. Mutates and returns `words`.
 */
export const snapBoundariesToPauses = (words: TimedWord[], speech: Interval[]): TimedWord[] => {
  for (let s = 1; s < speech.length; s++) {
    const pause = {start: speech[s - 1]!.end, end: speech[s]!.start};
    const middle = (pause.start + pause.end) / 2;
    let best = -1;
    let bestDistance = Infinity;
    let bestOffset = Infinity;
    for (let k = 0; k + 1 < words.length; k++) {
      const gapStart = words[k]!.endInSeconds;
      const gapEnd = words[k + 1]!.startInSeconds;
      // Distance between the pause and the gap between the words (0 when they overlap); ties go
      // to the gap whose middle is nearest the pause's.
      const distance = Math.max(0, gapStart - pause.end, pause.start - gapEnd);
      const offset = Math.abs((gapStart + gapEnd) / 2 - middle);
      if (distance < bestDistance || (distance === bestDistance && offset < bestOffset)) {
        best = k;
        bestDistance = distance;
        bestOffset = offset;
      }
    }
    if (best < 0 || bestDistance > PAUSE_SNAP_DISTANCE_IN_SECONDS) continue;
    const before = words[best]!;
    const after = words[best + 1]!;
    if (pause.start - before.startInSeconds < MIN_WORD_IN_SECONDS || after.endInSeconds - pause.end < MIN_WORD_IN_SECONDS) continue;
    before.endInSeconds = pause.start;
    after.startInSeconds = pause.end;
  }
  return words;
};

/** A short pause within this of the gap between two words is taken to be that gap. */
const SHORT_PAUSE_SNAP_DISTANCE_IN_SECONDS = 0.06;

/**
 * Gives each of the target's short silences (`DetectedSpeech.shortPauses`, 40-100 ms) to the gap
 * before word `k` when it lies within 60 ms of that gap and the reference paused there
 * (`pausedBefore[k]`): the word before ends where the silence starts and the next starts where the
 * sound resumes, as after a pause (the target hurried through "thunder — far": "far" was put
 * 71 ms early, at the silence's start). Where the silence is the closure of the next word's stop
 * ("Quiet, | please"), the engines count it as part of the word: the start is then that late
 * (78 ms in `holdout/h09`). Mutates and returns `words`.
 */
export const snapBoundariesToShortPauses = (words: TimedWord[], shortPauses: Interval[], pausedBefore: boolean[]): TimedWord[] => {
  for (let k = 1; k < words.length; k++) {
    if (!pausedBefore[k]) continue;
    const before = words[k - 1]!;
    const after = words[k]!;
    const pause = shortPauses.find(
      ({start, end}) => start <= after.startInSeconds + SHORT_PAUSE_SNAP_DISTANCE_IN_SECONDS && end >= before.endInSeconds - SHORT_PAUSE_SNAP_DISTANCE_IN_SECONDS,
    );
    if (!pause || pause.start - before.startInSeconds < MIN_WORD_IN_SECONDS || after.endInSeconds - pause.end < MIN_WORD_IN_SECONDS) continue;
    before.endInSeconds = pause.start;
    after.startInSeconds = pause.end;
  }
  return words;
};

/** Clamps to [0, duration], keeps starts in order and each end between its start and the next start. */
export const makeMonotonic = (words: TimedWord[], durationInSeconds: number): TimedWord[] => {
  const clamp = (seconds: number) => Math.max(0, Math.min(durationInSeconds, seconds));
  for (let k = 0; k < words.length; k++) {
    const word = words[k]!;
    word.startInSeconds = clamp(word.startInSeconds);
    word.endInSeconds = clamp(word.endInSeconds);
    if (k > 0) word.startInSeconds = Math.max(word.startInSeconds, words[k - 1]!.startInSeconds);
  }
  for (let k = 0; k < words.length; k++) {
    const word = words[k]!;
    const next = words[k + 1]?.startInSeconds ?? durationInSeconds;
    word.endInSeconds = Math.min(Math.max(word.endInSeconds, word.startInSeconds), Math.max(word.startInSeconds, next));
  }
  return words;
};
