/**
 * What the warping path pays for crossing one of the target's pauses inside a word: the pause
 * is then put between two words unless the sound says otherwise strongly (about 12 frames of a
 * typical frame distance, ~17). Without these costs, a pause the reference does not make (a
 * phrase break the synthesizers put in different places) went inside the neighbouring word or to
 * the wrong boundary: 8 onsets of 816 more than 150 ms off instead of 2 (the English tuning sets).
 */
const WITHIN_WORD_COST = 200;

/**
 * ...and for a pause right after a word that leans on the next one (an English article,
 * preposition or conjunction, with no punctuation): speakers pause before "a small team", not
 * after "a" (7 onsets of 816 more than 150 ms off without this, instead of 2). Half the cost of a
 * pause inside a word: Festival does pause after "by" now and then.
 */
const AFTER_CLITIC_COST = 100;

/** English words that are said with the word after them (articles, prepositions, conjunctions, possessives). */
const CLITICS = new Set([
  'a', 'an', 'the', 'to', 'of', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'into', 'onto',
  'and', 'or', 'nor', 'my', 'your', 'his', 'her', 'its', 'our', 'their',
]);

/**
 * Per reference frame, the cost of the target pausing there (`PauseCrossings.costAt` for `dtw`):
 * nothing at the frame where a word starts after punctuation or an ordinary word, AFTER_CLITIC_COST
 * where it starts after a clitic, WITHIN_WORD_COST anywhere else.
 *
 * - `frameCount`: the reference's frames.
 * - `wordStarts`: the frame each spoken word starts at, in order, with the text of the word
 *   before it (null for the first).
 */
export const pauseCrossingCosts = ({frameCount, wordStarts}: {frameCount: number; wordStarts: {frame: number; previousWord: string | null}[]}): Float32Array => {
  const costs = new Float32Array(frameCount).fill(WITHIN_WORD_COST);
  for (const {frame, previousWord} of wordStarts) {
    if (frame < 0 || frame >= frameCount) continue;
    const cost = previousWord !== null && !/\p{P}$/u.test(previousWord) && CLITICS.has(previousWord.toLowerCase()) ? AFTER_CLITIC_COST : 0;
    costs[frame] = Math.min(costs[frame]!, cost);
  }
  return costs;
};
