import {createRequire} from 'node:module';

/**
 * The webpack `MultiStats` that Remotion's `bundle()` gets (webpack does not export it), or null
 * when it cannot be found (another webpack layout): then nothing is changed.
 */
const multiStatsPrototype = (() => {
  try {
    const bundlerRequire = createRequire(createRequire(import.meta.url).resolve('@remotion/bundler'));
    return (bundlerRequire('webpack/lib/MultiStats') as {prototype: {toJson: (options?: unknown) => unknown}}).prototype;
  } catch {
    return null;
  }
})();

let statsPatches = 0;
let originalToJson: ((options?: unknown) => unknown) | null = null;

/**
 * Runs `work` (Remotion's `bundle()`) with webpack's stats reduced to what bundle() reads of them,
 * the errors: it asks webpack for every statistic (`toJson()`: modules, reasons, chunks) to look
 * at the first error, half a second of CPU in a warm prepare of 3.5 s. The bundle, its
 * configuration and its cache are left as they are (a webpack `stats` option would change the
 * cache's name, and Remotion clears a cache made with another configuration).
 */
export const withErrorsOnlyStats = async <T>(work: () => Promise<T>): Promise<T> => {
  const prototype = multiStatsPrototype;
  if (prototype && statsPatches++ === 0) {
    const original = prototype.toJson;
    originalToJson = original;
    prototype.toJson = function (this: unknown, options?: unknown) {
      return original.call(this, options ?? {all: false, errors: true, errorDetails: true, moduleTrace: true});
    };
  }
  try {
    return await work();
  } finally {
    if (prototype && --statsPatches === 0 && originalToJson) {
      prototype.toJson = originalToJson;
      originalToJson = null;
    }
  }
};
