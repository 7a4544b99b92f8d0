/** Where the CLI writes: `out` for results, `err` for warnings, errors and progress. */
export type Output = {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Whether `err` is a terminal, where progress can be one live line. */
  isTerminal: boolean;
  /** Rewrites the live line (terminal only). */
  status: (line: string) => void;
};

export const consoleOutput = (): Output => {
  let statusShown = false;
  const clearStatus = () => {
    if (statusShown) {
      process.stderr.write('\r\x1b[2K');
      statusShown = false;
    }
  };
  return {
    out: (line) => {
      clearStatus();
      process.stdout.write(`${line}\n`);
    },
    err: (line) => {
      clearStatus();
      process.stderr.write(`${line}\n`);
    },
    isTerminal: Boolean(process.stderr.isTTY),
    status: (line) => {
      process.stderr.write(`\r\x1b[2K${line}`);
      statusShown = true;
    },
  };
};

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
