import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A folder for what is built once per run (the bundle of the test compositions).
    globalSetup: ['test/helpers/global-setup.ts'],
    // Real HTTP, real decoding and a real headless Chromium on 2-core machines: be patient.
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // Files that bundle and render compete for the same two cores.
    maxWorkers: 2,
  },
});
