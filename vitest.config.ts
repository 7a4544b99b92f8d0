import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A folder for what is built once per run (the bundle of the test compositions).
    globalSetup: ['test/helpers/global-setup.ts'],
    // Real HTTP, real decoding and a real headless Chromium on 2-core machines: be patient.
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // One more file than cores: a file that bundles or renders waits on a browser, a child
    // process or a fake's latency much of the time. Measured on 2 cores, same run twice: 3 min
    // 57 s with three, 4 min 13 s with two.
    maxWorkers: 3,
  },
});
