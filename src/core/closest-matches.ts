/** Edit distance between two strings (Levenshtein), for "did you mean" suggestions. */
const editDistance = (a: string, b: string): number => {
  let previous = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
};

/** Up to `limit` candidates closest to `input`, closest first (case-insensitive). */
export const closestMatches = ({input, candidates, limit = 3}: {input: string; candidates: string[]; limit?: number}): string[] =>
  candidates
    .map((candidate) => ({candidate, distance: editDistance(input.toLowerCase(), candidate.toLowerCase())}))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({candidate}) => candidate);
