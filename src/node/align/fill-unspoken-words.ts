import type {WordTime} from './word-times-from-events.ts';

/**
 * Gives each word that is not spoken (null: "—", "...") the gap between the spoken words around
 * it: from the end of the one before to the start of the one after, which is zero when they
 * touch. Before the first spoken word it takes that word's start, after the last one its end;
 * with no spoken word at all, 0.
 */
export const fillUnspokenWords = (times: readonly (WordTime | null)[]): WordTime[] => {
  const filled: WordTime[] = [];
  let previousEnd: number | null = null;
  for (let index = 0; index < times.length; index++) {
    const time = times[index];
    if (time) {
      filled.push([time[0], time[1]]);
      previousEnd = time[1];
      continue;
    }
    const next = times.slice(index + 1).find((candidate) => candidate !== null);
    const start = previousEnd ?? next?.[0] ?? 0;
    filled.push([start, next ? Math.max(start, next[0]) : start]);
  }
  return filled;
};
