import {watch} from 'node:fs';
import {mkdir, mkdtemp, readFile, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {prepareNarration, type NarratedComposition} from '../../src/node/prepare/prepare-narration.ts';
import {createScriptedProvider} from '../../src/node/providers/scripted/create-scripted-provider.ts';
import {lineCourse} from '../helpers/composition-with-narration.ts';

const course = (cues: number): NarratedComposition[] => [lineCourse(cues)];

describe('how often prepare writes the manifest', () => {
  let publicDir: string;
  beforeEach(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-writes-'));
    await mkdir(path.join(publicDir, 'narration'), {recursive: true});
    return () => rm(publicDir, {recursive: true, force: true});
  });

  /** Counts the times manifest.json is replaced (written atomically: a rename onto it) while `work` runs. */
  const countManifestWrites = async (work: () => Promise<unknown>): Promise<number> => {
    let writes = 0;
    const watcher = watch(path.join(publicDir, 'narration'), (event, name) => {
      if (event === 'rename' && name === 'manifest.json') writes++;
    });
    try {
      await work();
      await new Promise((resolve) => setTimeout(resolve, 100)); // let the last events arrive
    } finally {
      watcher.close();
    }
    return writes;
  };

  it('writes it a few times for a run of many clips, not once per clip (the Studio re-reads each write)', async () => {
    const writes = await countManifestWrites(() => prepareNarration({compositions: course(60), provider: createScriptedProvider(), publicDir}));
    const manifest = JSON.parse(await readFile(path.join(publicDir, 'narration/manifest.json'), 'utf8'));
    expect(Object.keys(manifest.clips)).toHaveLength(60);
    expect(writes).toBeGreaterThanOrEqual(1);
    // Batches after 1, 2, 4, 8, 16 s, the last at the end, and the empty manifest first: a run
    // of under a minute (this one takes 5-25 s) writes it at most 8 times. Once per clip: 62.
    expect(writes).toBeLessThanOrEqual(8);
  });

  it('does not write it at all when nothing changed', async () => {
    await prepareNarration({compositions: course(5), provider: createScriptedProvider(), publicDir});
    const file = path.join(publicDir, 'narration/manifest.json');
    const before = {text: await readFile(file, 'utf8'), mtimeMs: (await stat(file)).mtimeMs};
    const writes = await countManifestWrites(() => prepareNarration({compositions: course(5), provider: createScriptedProvider(), publicDir}));
    expect(writes).toBe(0);
    expect({text: await readFile(file, 'utf8'), mtimeMs: (await stat(file)).mtimeMs}).toEqual(before);
  });
});
