// vitest globalSetup: a folder shared by every test file of one run, for what is built once per
// run (the bundle of the test compositions: see serveTestBundle).
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {TestProject} from 'vitest/node';
import {TEST_RUN_DIR_ENV} from '../fake-useapi/clips-of-the-run.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder that lives as long as the test run, shared by every test file. */
    testRunDir: string;
  }
}

export default async function setup(project: TestProject) {
  const runDir = await mkdtemp(path.join(tmpdir(), 'narration-test-run-'));
  project.provide('testRunDir', runDir);
  // For what is not test code and cannot `inject` (the fake useapi.net's clips, see
  // clipOfTheRun): test files run in processes forked from this one, after this.
  process.env[TEST_RUN_DIR_ENV] ??= runDir;
  return () => rm(runDir, {recursive: true, force: true});
}
