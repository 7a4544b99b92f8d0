import {InterruptedError} from '../core/errors.ts';
import {main} from './main.ts';
import {consoleOutput} from './output.ts';

/** Exit codes of a process stopped by a signal, as shells report them. */
const EXIT_CODES: Record<string, number> = {SIGINT: 130, SIGTERM: 143};

// Ctrl-C or SIGTERM stops the run cleanly: requests are cancelled, clips being written are
// finished, the lock is released. A second one exits at once.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(EXIT_CODES[signal]);
    controller.abort(new InterruptedError(signal));
  });
}

const code = await main(process.argv.slice(2), consoleOutput(), controller.signal);
process.exitCode = controller.signal.aborted ? EXIT_CODES[(controller.signal.reason as InterruptedError).signalName] : code;
