import {describe, expect, it} from 'vitest';
import {InvalidInputError} from '../../src/core/errors.ts';
import {narrationBrowserExecutable} from '../../src/node/project/browser-executable.ts';

describe('narrationBrowserExecutable', () => {
  it('uses REMOTION_BROWSER_EXECUTABLE when it points at a file', () => {
    expect(narrationBrowserExecutable({env: {REMOTION_BROWSER_EXECUTABLE: process.execPath}})).toBe(process.execPath);
  });

  it('says how to fix a REMOTION_BROWSER_EXECUTABLE that points nowhere', () => {
    expect(() => narrationBrowserExecutable({env: {REMOTION_BROWSER_EXECUTABLE: '/no/such/chrome'}})).toThrow(InvalidInputError);
    expect(() => narrationBrowserExecutable({env: {REMOTION_BROWSER_EXECUTABLE: '/no/such/chrome'}})).toThrow(
      'REMOTION_BROWSER_EXECUTABLE is set to "/no/such/chrome", but there is no file there.',
    );
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')('falls back to the Chromium shipped on npm', () => {
    const executable = narrationBrowserExecutable({env: {}});
    expect(executable).toMatch(/chromium$/);
  });
});
