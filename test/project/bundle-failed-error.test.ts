import {describe, expect, it} from 'vitest';
import {BundleFailedError, isNarrationError} from '../../src/core/errors.ts';

describe('BundleFailedError', () => {
  it("says the bundler's first error without the bundler's stack, and keeps what it wraps", () => {
    // As Remotion's bundle() reports esbuild's syntax error in a project's source: webpack's
    // message (with esbuild's stack in it), then its details, here none.
    const bundlerMessage = [
      'Module build failed (from ./node_modules/@remotion/bundler/dist/esbuild-loader/index.js):',
      'Error: Transform failed with 1 error:',
      '/project/src/Root.tsx:32:22: ERROR: Unexpected ";"',
      '    at failureErrorWithLog (/project/node_modules/esbuild/lib/main.js:1748:15)',
      '    at /project/node_modules/esbuild/lib/main.js:1017:50',
      'undefined',
    ].join('\n');
    const cause = new Error(bundlerMessage);
    const error = new BundleFailedError(bundlerMessage, {cause});
    expect(error.message).toBe(
      'The project did not bundle: Module build failed (from ./node_modules/@remotion/bundler/dist/esbuild-loader/index.js):\nError: Transform failed with 1 error:\n/project/src/Root.tsx:32:22: ERROR: Unexpected ";"',
    );
    expect(error.bundlerMessage).toBe(error.message.slice('The project did not bundle: '.length));
    expect(error.code).toBe('BUNDLE_FAILED');
    expect(error.cause).toBe(cause);
    expect(isNarrationError(error)).toBe(true);
  });
});
