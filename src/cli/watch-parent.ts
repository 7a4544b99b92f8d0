import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {isProcessAlive as isAlive} from '../node/is-process-alive.ts';

/**
 * Calls `onExit` once when the process that started this one goes away, checking every
 * `intervalMs` (default 1000). For `prepare --watch`, which otherwise runs until Ctrl-C.
 *
 * "The process that started this one" is the parent or the grandparent: `npx`, `npm exec` and
 * `npm run` start the command through `sh -c`, and that shell stays between npm and node (dash
 * and bash keep waiting for it). Killing `npx` with SIGTERM makes it stop the shell only, and
 * this process is handed to init (its parent changes); killing it with SIGKILL stops nothing,
 * and the shell lives on, waiting (the grandparent is gone). From a shell prompt the parent is
 * the shell and the grandparent the terminal; a closed terminal hangs up anyway.
 *
 * Not stdin: npx passes the terminal through, so stdin does not close when npx dies, and a
 * closed stdin (`< /dev/null`, a finished pipe) is no sign of an exited parent.
 */
export const watchParent = ({onExit, intervalMs = 1000}: {onExit: () => void; intervalMs?: number}): {close: () => void} => {
  const parent = process.ppid;
  const grandparent = parent > 1 ? parentOf(parent) : null;
  const gone = (): boolean => {
    if (process.ppid !== parent) return true;
    if (grandparent === null || grandparent <= 1) return false;
    if (process.platform === 'linux') {
      // The shell in between is handed to init when the grandparent exits: no pid-reuse doubt.
      const now = parentOf(parent);
      return now !== null && now !== grandparent;
    }
    return !isAlive(grandparent);
  };
  const timer = setInterval(() => {
    if (!gone()) return;
    clearInterval(timer);
    onExit();
  }, intervalMs);
  // Watching the parent never keeps the process alive by itself.
  timer.unref();
  return {close: () => clearInterval(timer)};
};

/** The parent of process `pid`, or null where that cannot be read (Windows, a process gone). */
const parentOf = (pid: number): number | null => {
  try {
    if (process.platform === 'linux') {
      // /proc/PID/stat: "pid (command) state ppid ...", and the command may hold spaces or ")".
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    }
    if (process.platform === 'win32') return null;
    const ppid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim());
    return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
  } catch {
    return null;
  }
};

