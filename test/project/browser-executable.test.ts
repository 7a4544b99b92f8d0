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

describe('without a configured browser', () => {
  it('is null when the optional @sparticuz/chromium is not installed: Remotion downloads its own', async () => {
    const {mkdtemp, rm, writeFile} = await import('node:fs/promises');
    const {tmpdir} = await import('node:os');
    const path = await import('node:path');
    const project = await mkdtemp(path.join(tmpdir(), 'no-chromium-'));
    try {
      await writeFile(path.join(project, 'package.json'), '{"name": "a-user-project"}');
      expect(narrationBrowserExecutable({env: {}, projectRoot: project})).toBeNull();
    } finally {
      await rm(project, {recursive: true, force: true});
    }
  });

  it('says what to install when Remotion cannot download its browser either', async () => {
    const {assertBrowserObtainable} = await import('../../src/node/project/assert-browser-obtainable.ts');
    const offline = () => Promise.reject(new Error('getaddrinfo ENOTFOUND remotion.media'));
    const check = assertBrowserObtainable({projectRoot: '/nonexistent-project', chromeMode: null, lookupHost: offline});
    await expect(check).rejects.toThrow(InvalidInputError);
    await expect(check).rejects.toThrow('`npm i -D @sparticuz/chromium`');
    await expect(assertBrowserObtainable({projectRoot: '/nonexistent-project', chromeMode: null, lookupHost: async () => ({})})).resolves.toBeUndefined();
  });
});
