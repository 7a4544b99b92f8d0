import {normalizeText} from '../normalize-text.ts';
import {graphemeSpeechInMs} from './estimate-speech.ts';
import {findBreaks, type Break} from './find-breaks.ts';
import {graphemes} from './unicode.ts';

/**
 * Weight of the halves' imbalance (|left − right| / total speech, squared) against break costs
 * (see `BREAK_COST`): a comma at 30/70 of the speech (3 + 24 × 0.4² ≈ 6.8) beats a word gap in
 * the middle (10); a sentence end at 10/90 (24 × 0.8² ≈ 15.4) does not.
 */
const IMBALANCE_COST = 24;

/**
 * Splits one clip's text in two, for one retry after the speech service refused it as too long:
 * at the most natural break (sentence end, then clause punctuation, then between words, then
 * inside a word) near the middle of its estimated speech.
 *
 * Returns the two halves, normalized (see `normalizeText`) and with one space or nothing between
 * them in the normalized text; `[text]` (normalized) when it cannot be split (one grapheme); `[]`
 * for blank text. Pure and deterministic.
 */
export const splitInTwo = ({text}: {text: string}): string[] => {
  const normalized = normalizeText(text);
  if (!normalized) return [];
  const breaks = findBreaks({text: normalized});
  if (breaks.length === 0) return [normalized];
  // Estimated milliseconds of speech before each grapheme boundary; every break is at one.
  const speechBeforeInMs = new Map<number, number>([[0, 0]]);
  let totalInMs = 0;
  for (const grapheme of graphemes(normalized)) {
    totalInMs += graphemeSpeechInMs(grapheme.codePoints);
    speechBeforeInMs.set(grapheme.end, totalInMs);
  }
  let best: Break = breaks[0]!;
  let bestScore = Infinity;
  for (const each of breaks) {
    const leftInMs = speechBeforeInMs.get(each.end)!;
    const rightInMs = totalInMs - speechBeforeInMs.get(each.start)!;
    const imbalance = Math.abs(leftInMs - rightInMs) / (totalInMs || 1);
    const score = each.cost + IMBALANCE_COST * imbalance * imbalance;
    if (score < bestScore) {
      bestScore = score;
      best = each;
    }
  }
  return [normalized.slice(0, best.end), normalized.slice(best.start)];
};
