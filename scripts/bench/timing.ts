/** Progress for the person watching; the report itself goes to stdout. */
export const progress = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

/** Wall time of `work`, in seconds, by performance.now(). */
export const timed = async <T>(work: () => Promise<T>): Promise<{result: T; seconds: number}> => {
  const startedAt = performance.now();
  const result = await work();
  return {result, seconds: (performance.now() - startedAt) / 1000};
};

export const median = (values: number[]): number => {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * Runs `ours` and `theirs` one after the other, `runs` times each (ours, theirs, ours, ...), so
 * that whatever else the machine does falls on both alike. Returns each one's seconds.
 */
export const alternate = async ({
  runs,
  ours,
  theirs,
  label,
}: {
  runs: number;
  ours: () => Promise<unknown>;
  theirs: () => Promise<unknown>;
  label: {ours: string; theirs: string};
}): Promise<{ours: number[]; theirs: number[]}> => {
  const times = {ours: [] as number[], theirs: [] as number[]};
  for (let run = 1; run <= runs; run++) {
    for (const side of ['ours', 'theirs'] as const) {
      const {seconds} = await timed(side === 'ours' ? ours : theirs);
      times[side].push(seconds);
      progress(`  ${label[side]} #${run}: ${seconds.toFixed(2)} s`);
    }
  }
  return times;
};

export const formatSeconds = (seconds: number): string => `${seconds.toFixed(2)} s`;
export const formatSecondsList = (values: number[]): string => values.map((value) => value.toFixed(2)).join(', ');
