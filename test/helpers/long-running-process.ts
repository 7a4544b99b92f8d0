import {spawn, type ChildProcess} from 'node:child_process';
import {createServer} from 'node:net';

/** A TCP port free on 127.0.0.1 right now (for a server a test starts, e.g. the Studio). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
  });

/**
 * A long-running child (the Studio, `prepare --watch`) whose output can be awaited, and whose
 * lines are kept with the time (`performance.now()`) each was seen.
 */
export const startProcess = (command: string, args: string[], options: {cwd: string; env: NodeJS.ProcessEnv}) => {
  const child = spawn(command, args, {...options, stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  const lines: {at: number; line: string}[] = [];
  const waiters: {pattern: RegExp; from: number; resolve: (at: number) => void}[] = [];
  const onData = (chunk: Buffer) => {
    const at = performance.now();
    output += chunk;
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push({at, line: line.trim()});
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(output.slice(waiter.from))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(at);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    child,
    output: () => output,
    /** Lines seen since `since` (a `performance.now()` time), with when each was seen. */
    linesSince: (since: number) => lines.filter(({at}) => at >= since),
    mark: () => output.length,
    /** Resolves with the time `pattern` appeared in the output after `from`. */
    waitFor: (pattern: RegExp, from = 0, timeoutMs = 120_000) =>
      new Promise<number>((resolve, reject) => {
        if (pattern.test(output.slice(from))) return resolve(performance.now());
        const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${pattern} in:\n${output.slice(from)}`)), timeoutMs);
        waiters.push({pattern, from, resolve: (at) => (clearTimeout(timer), resolve(at))});
      }),
  };
};

/** Ends a child with SIGTERM and waits for it to close. */
export const stopProcess = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
