import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * Set by the test run's global setup (test/helpers/global-setup.ts) to a folder that lives as
 * long as the run; unset outside `vitest` (the benchmark, scripts).
 */
export const TEST_RUN_DIR_ENV = 'NARRATION_TEST_RUN_DIR';

/**
 * The fake's clips are kept on disk for the whole test run: the same request gives the same
 * bytes (see synthesizeTestSpeech), and test files run in several processes at once, each of
 * which would otherwise encode the example's lines again (lamejs: 0.1-0.3 s of CPU per second
 * of audio). Outside a test run they are kept in the process only.
 */
const fileOf = (key: string): string | null => {
  const runDir = process.env[TEST_RUN_DIR_ENV];
  return runDir ? path.join(runDir, 'fake-clips', `${createHash('sha256').update(SYNTHESIS_VERSION).update(key).digest('hex')}.mp3`) : null;
};

/** The code that makes the clips: under `vitest --watch` the run outlives an edit of it. */
const SYNTHESIS_VERSION = ['test-speech.ts', 'varied-mp3.ts']
  .map((file) => readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8'))
  .join('\0');

/** The clip another fake of this run made for `key`, or null. */
const clipOfTheRun = (key: string): Uint8Array | null => {
  const file = fileOf(key);
  if (!file) return null;
  try {
    return new Uint8Array(readFileSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
};

/** Keeps `clip` for the other fakes of this run (nothing outside a test run); best effort: another fake makes it again. */
const keepClipOfTheRun = (key: string, clip: Uint8Array): void => {
  const file = fileOf(key);
  if (!file) return;
  // Written whole, then renamed: another process reads all of it or nothing.
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(path.dirname(file), {recursive: true});
    writeFileSync(partial, clip);
    renameSync(partial, file);
  } catch {
    rmSync(partial, {force: true});
  }
};

/** The clips of this process, by key: one make per clip however many ask at once. */
const clipsOfTheProcess = new Map<string, Promise<Uint8Array>>();

/**
 * The clip for `key` (every input its bytes depend on), made by `make` once per test run: kept in
 * this process, and in the run's folder for the other processes. A failed make is not remembered:
 * the next request tries again.
 */
export const clipMadeOnce = (key: string, make: () => Uint8Array | Promise<Uint8Array>): Promise<Uint8Array> => {
  let clip = clipsOfTheProcess.get(key);
  if (!clip) {
    const kept = clipOfTheRun(key);
    clip = kept
      ? Promise.resolve(kept)
      : Promise.resolve()
          .then(make)
          .then((made) => {
            keepClipOfTheRun(key, made);
            return made;
          });
    clipsOfTheProcess.set(key, clip);
    clip.catch(() => clipsOfTheProcess.delete(key));
  }
  return clip;
};
