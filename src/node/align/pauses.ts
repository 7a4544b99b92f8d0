import {SPEECH_FRAME_IN_SECONDS, type Interval} from './detect-speech.ts';

/** A word's place in the audio, in seconds; mutated in place by the steps below. */
export type TimedWord = {startInSeconds: number; endInSeconds: number};

/** A pause within this of the gap between two words is taken to be that gap. */
const PAUSE_SNAP_DISTANCE_IN_SECONDS = 0.15;
/** Snapping never leaves a word shorter than this. */
const MIN_WORD_IN_SECONDS = 0.05;

/**
 * Moves a start that falls in a detected pause to the pause's end, and an end that falls in one
 * to its start. `mask` is detectSpeech's speech mask (10 ms frames).
 */
export const moveOutOfPauses = (word: TimedWord, mask: Uint8Array): TimedWord => {
  let frame = Math.round(word.startInSeconds / SPEECH_FRAME_IN_SECONDS);
  if (frame >= 0 && frame < mask.length && !mask[frame]) {
    while (frame < mask.length && !mask[frame]) frame++;
    word.startInSeconds = (frame - 0.5) * SPEECH_FRAME_IN_SECONDS;
  }
  frame = Math.round(word.endInSeconds / SPEECH_FRAME_IN_SECONDS);
  if (frame >= 0 && frame < mask.length && !mask[frame]) {
    while (frame > 0 && !mask[frame]) frame--;
    word.endInSeconds = (frame + 0.5) * SPEECH_FRAME_IN_SECONDS;
  }
  return word;
};

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
