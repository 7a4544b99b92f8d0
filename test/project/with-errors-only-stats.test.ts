import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {webpack} from '@remotion/bundler';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {withErrorsOnlyStats} from '../../src/node/project/with-errors-only-stats.ts';

/** A multi-compiler run, as Remotion's bundle() makes it, of an entry that imports a missing file. */
const compileBroken = (folder: string) =>
  new Promise<{toJson: (options?: unknown) => {errors?: {message: string; details?: string}[]; children?: {modules?: unknown[]}[]}}>((resolve, reject) => {
    webpack([{mode: 'production', context: folder, entry: './entry.js', output: {path: path.join(folder, 'out')}}], (error, stats) => (error ? reject(error) : resolve(stats as never)));
  });

describe('withErrorsOnlyStats', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'errors-only-stats-'));
    await writeFile(path.join(folder, 'entry.js'), "import './missing.js';\nexport const x = 1;\n");
  });
  afterAll(() => rm(folder, {recursive: true, force: true}));

  it("keeps the first error (message and details) that bundle() reads, and leaves out the rest of webpack's statistics", async () => {
    const stats = await compileBroken(folder);
    const full = stats.toJson();
    const reduced = await withErrorsOnlyStats(async () => stats.toJson());
    expect(reduced.errors?.[0]?.message).toBe(full.errors?.[0]?.message);
    expect(reduced.errors?.[0]?.message).toContain("Can't resolve './missing.js'");
    expect(reduced.errors?.[0]?.details).toBe(full.errors?.[0]?.details);
    expect(full.children?.[0]?.modules?.length).toBeGreaterThan(0);
    expect(reduced.children?.[0]?.modules).toBeUndefined();
    // Only while bundling: afterwards webpack's own behaviour is back.
    expect(stats.toJson().children?.[0]?.modules?.length).toBe(full.children?.[0]?.modules?.length);
  });
});
