import {defineConfig} from 'vitest/config';
import {HeaviestFirstSequencer} from './test/helpers/heaviest-first-sequencer.ts';

/** Test files that replace one of our modules (`vi.mock`): they need a module graph of their own. */
const MOCKING_FILES = ['test/align/fallback.test.ts'];

const common = {
  // A folder for what is built once per run (the bundle of the test compositions).
  globalSetup: ['test/helpers/global-setup.ts'],
  // Real HTTP, real decoding and a real headless Chromium on 2-core machines: be patient.
  testTimeout: 60_000,
  hookTimeout: 240_000,
};

export default defineConfig({
  test: {
    sequence: {sequencer: HeaviestFirstSequencer},
    // One more file than cores: a file that bundles or renders waits on a browser, a child
    // process or a fake's latency much of the time. Measured on 2 cores, same run twice: 3 min
    // 57 s with three, 4 min 13 s with two.
    maxWorkers: 3,
    projects: [
      {
        test: {
          ...common,
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: MOCKING_FILES,
          // A worker keeps the modules it imported (eSpeak's WASM voice, the MP3 decoder's thread,
          // Remotion's renderer) from one test file to the next instead of importing them again
          // for each of the 76 files: measured side by side, 375 s of CPU instead of 457 s and
          // 210 s instead of 251 s on 2 cores. Files leave no state behind (each makes its own
          // fake, folders and browser); one that mocks a module runs isolated below.
          isolate: false,
        },
      },
      {test: {...common, name: 'isolated', include: MOCKING_FILES}},
    ],
  },
});
