import {AsyncLocalStorage} from 'node:async_hooks';
import {onAbort} from '../core/on-abort.ts';

export type CpuWorkOptions = {
  /** Rejects with its reason, and the task never runs, when aborted before the task starts. */
  signal?: AbortSignal;
  /**
   * Waiting tasks with a higher priority start first; equal ones in the order they came. Default 0.
   * Prepare gives finishing a clip (measuring audio already made) priority over making the next.
   */
  priority?: number;
};

export type CpuWorkQueue = {
  /** Runs `task` when a slot is free, after letting the event loop turn. */
  run<T>(task: () => T | Promise<T>, options?: CpuWorkOptions): Promise<T>;
  readonly running: number;
  readonly waiting: number;
};

/** Which queue's task the current code runs inside, while it runs. */
const insideTask = new AsyncLocalStorage<{queue: CpuWorkQueue; active: boolean}>();

/**
 * A queue for CPU-bound steps (speech synthesis, MP3 encoding and decoding, word alignment):
 * at most `limit` run at once, and before each one starts, the event loop gets a full turn
 * (`setImmediate`), so timers (the prepare lock's renewals, the progress line), signals (Ctrl-C)
 * and I/O (clips being written) run between tasks instead of after all of them.
 *
 * - `limit`: default 1. JavaScript runs synchronous work on one thread whatever the limit; a
 *   higher one only helps tasks that also wait for I/O.
 * - A task is one step of a fraction of a second: a longer job is several tasks, so that nothing
 *   waits for more than one step.
 * - A task that runs more work on the same queue (nested) runs it at once, in its own slot:
 *   nesting never deadlocks.
 * - A task that has started is never interrupted: the signal only stops tasks still waiting.
 */
export const createCpuWorkQueue = ({limit = 1}: {limit?: number} = {}): CpuWorkQueue => {
  const slots = Math.max(1, Math.floor(limit));
  let running = 0;
  let order = 0;
  const waiting: {priority: number; order: number; grant: () => void}[] = [];

  const acquire = (priority: number, signal?: AbortSignal): Promise<void> => {
    if (running < slots && waiting.length === 0) {
      running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        priority,
        order: order++,
        grant: () => {
          cancel();
          resolve();
        },
      };
      const cancel = signal
        ? onAbort(signal, () => {
            const index = waiting.indexOf(entry);
            if (index !== -1) waiting.splice(index, 1);
            reject(signal.reason);
          })
        : () => {};
      // Sorted by priority (highest first), then by arrival: the first one is the next to start.
      const index = waiting.findIndex((other) => other.priority < priority);
      waiting.splice(index === -1 ? waiting.length : index, 0, entry);
    });
  };

  const releaseSlot = () => {
    running--;
    while (running < slots && waiting.length > 0) {
      running++;
      waiting.shift()!.grant();
    }
  };

  const queue: CpuWorkQueue = {
    run: async (task, {signal, priority = 0} = {}) => {
      signal?.throwIfAborted();
      const context = insideTask.getStore();
      if (context?.active && context.queue === queue) {
        return task();
      }
      await acquire(priority, signal);
      try {
        // A full turn of the event loop: due timers, I/O callbacks and signal handlers run first.
        await new Promise<void>((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
        const ownContext = {queue, active: true};
        try {
          return await insideTask.run(ownContext, task);
        } finally {
          ownContext.active = false;
        }
      } finally {
        releaseSlot();
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
  return queue;
};

/** The process's queue: every CPU-bound step of the library goes through it, one at a time. */
const processQueue = createCpuWorkQueue();

/**
 * Runs a CPU-bound step (synchronous work of a fraction of a second, or async work that is
 * mostly computation: decoding, encoding, alignment) on the process's queue (see
 * `createCpuWorkQueue`): one step at a time, highest `priority` first, with a full turn of the
 * event loop before each, so that a long run of steps never starves timers, signals and I/O.
 *
 * ```ts
 * const audio = await runCpuWork(() => measureMp3({data, name}), {signal, priority: 1});
 * ```
 * @throws the signal's reason when aborted before the step starts; whatever the step throws.
 */
export const runCpuWork = <T>(task: () => T | Promise<T>, options?: CpuWorkOptions): Promise<T> => processQueue.run(task, options);
