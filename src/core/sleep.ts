import {onAbort} from './on-abort.ts';

/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as it is aborted. Leaves
 * no listener on the signal once it ends, however many sleeps share it (see `onAbort`).
 */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const cancel = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(signal.reason);
        })
      : () => {};
    const timer = setTimeout(() => {
      cancel();
      resolve();
    }, ms);
  });
