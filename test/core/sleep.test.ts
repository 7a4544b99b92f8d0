import {getEventListeners} from 'node:events';
import {describe, expect, it} from 'vitest';
import {sleep} from '../../src/core/sleep.ts';

describe('sleep', () => {
  it('leaves no abort listener behind, however many sleeps share one signal', async () => {
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      await Promise.all(Array.from({length: 25}, () => sleep(1, controller.signal)));
      for (let i = 0; i < 25; i++) await sleep(0, controller.signal);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('rejects with the reason when aborted, before or during the wait', async () => {
    const before = new AbortController();
    before.abort(new Error('stopped before'));
    await expect(sleep(10_000, before.signal)).rejects.toThrow('stopped before');
    const during = new AbortController();
    const waiting = sleep(10_000, during.signal);
    during.abort(new Error('stopped during'));
    await expect(waiting).rejects.toThrow('stopped during');
    expect(getEventListeners(during.signal, 'abort')).toHaveLength(0);
  });
});
