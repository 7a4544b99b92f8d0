type Waiters = {callbacks: Set<() => void>; listener: () => void};

/** Who waits on each signal, behind one real 'abort' listener per signal. */
const waitersBySignal = new WeakMap<AbortSignal, Waiters>();

/**
 * Calls `callback` once when `signal` aborts, and returns the function that cancels that. All
 * waits on one signal (every retry and every queued job of a prepare) share a single listener,
 * removed when the last wait is cancelled: nothing accumulates on a long-lived signal, and Node
 * never warns `MaxListenersExceededWarning`.
 */
export const onAbort = (signal: AbortSignal, callback: () => void): (() => void) => {
  let waiters = waitersBySignal.get(signal);
  if (!waiters) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      waitersBySignal.delete(signal);
      for (const each of callbacks) each();
    };
    waiters = {callbacks, listener};
    waitersBySignal.set(signal, waiters);
    signal.addEventListener('abort', listener, {once: true});
  }
  const {callbacks, listener} = waiters;
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
    if (callbacks.size === 0 && waitersBySignal.get(signal) === waiters) {
      waitersBySignal.delete(signal);
      signal.removeEventListener('abort', listener);
    }
  };
};
