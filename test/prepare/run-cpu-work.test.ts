import {describe, expect, it} from 'vitest';
import {createCpuWorkQueue, runCpuWork} from '../../src/node/run-cpu-work.ts';

/** Synchronous work for about `ms` milliseconds: nothing else in this process runs meanwhile. */
const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spinning on purpose
  }
};

describe('createCpuWorkQueue', () => {
  it('lets timers run between tasks, however many are queued', async () => {
    const queue = createCpuWorkQueue();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const ticksBeforeEach = await Promise.all(
        Array.from({length: 8}, () =>
          queue.run(() => {
            const seen = ticks;
            busy(5);
            return seen;
          }),
        ),
      );
      // Each task started after a turn of the event loop in which the (due) timer ran.
      for (let i = 1; i < ticksBeforeEach.length; i++) expect(ticksBeforeEach[i]).toBeGreaterThan(ticksBeforeEach[i - 1]!);
    } finally {
      clearInterval(timer);
    }
  });

  it('runs at most `limit` tasks at once, also tasks that wait for I/O', async () => {
    const queue = createCpuWorkQueue({limit: 2});
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({length: 6}, () =>
        queue.run(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
        }),
      ),
    );
    expect(most).toBe(2);
  });

  it('starts waiting tasks by priority, then in the order they came', async () => {
    const queue = createCpuWorkQueue();
    const order: string[] = [];
    const task = (name: string) => () => void order.push(name);
    await Promise.all([
      queue.run(task('first')), // starts at once
      queue.run(task('start-a')),
      queue.run(task('start-b')),
      queue.run(task('finish-a'), {priority: 1}),
      queue.run(task('finish-b'), {priority: 1}),
    ]);
    expect(order).toEqual(['first', 'finish-a', 'finish-b', 'start-a', 'start-b']);
  });

  it('rejects waiting tasks when their signal is aborted, without running them; the running one finishes', async () => {
    const queue = createCpuWorkQueue();
    const controller = new AbortController();
    const ran: number[] = [];
    const tasks = Array.from({length: 4}, (_, i) =>
      queue.run(() => {
        ran.push(i);
        if (i === 0) controller.abort(new Error('Ctrl-C'));
        return i;
      }, {signal: controller.signal}),
    );
    const settled = await Promise.allSettled(tasks);
    expect(settled[0]).toEqual({status: 'fulfilled', value: 0});
    expect(settled.slice(1).map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(ran).toEqual([0]);
    expect(queue.running + queue.waiting).toBe(0);
  });

  it('runs a task\'s own nested work at once instead of waiting for its own slot', async () => {
    const result = await runCpuWork(async () => 1 + (await runCpuWork(() => 2)));
    expect(result).toBe(3);
  });
});
