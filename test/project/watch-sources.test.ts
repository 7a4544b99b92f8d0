import {mkdir, mkdtemp, rename, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {watchSources} from '../../src/node/project/watch-sources.ts';

/** Generous: the machine is shared; a change is normally seen within the debounce. */
const SEEN_WITHIN_MS = 10_000;

/** Starts watchSources and hands out its change batches one by one, as they come. */
const startWatching = ({folders, files}: {folders: string[]; files: string[]}) => {
  const batches: string[][] = [];
  let wake: (() => void) | null = null;
  const watcher = watchSources({
    folders,
    files,
    debounceMs: 200,
    onChange: async (changed) => {
      batches.push(changed);
      wake?.();
    },
  });
  const nextBatch = async (what: string): Promise<string[]> => {
    const deadline = Date.now() + SEEN_WITHIN_MS;
    while (batches.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No change seen within ${SEEN_WITHIN_MS} ms after ${what}.`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, left);
      });
    }
    return batches.shift()!;
  };
  return {nextBatch, close: watcher.close};
};

describe('prepare --watch: watchSources', () => {
  let temp: string;
  let stop: (() => void) | undefined;
  beforeEach(async () => {
    temp = await mkdtemp(path.join(tmpdir(), 'narration-watch-'));
  });
  afterEach(async () => {
    stop?.();
    stop = undefined;
    await rm(temp, {recursive: true, force: true});
  });

  it.each(['build', 'out', 'dist', 'public'])('sees changes in a project that lives under a folder named %s/', async (parent) => {
    const root = path.join(temp, parent, 'proj');
    await mkdir(path.join(root, 'src'), {recursive: true});
    const watching = startWatching({folders: [path.join(root, 'src')], files: []});
    stop = watching.close;
    await writeFile(path.join(root, 'src', 'index.ts'), 'export {};\n');
    expect(await watching.nextBatch('writing src/index.ts')).toEqual([path.join(root, 'src', 'index.ts')]);
  });

  it("still ignores the project's own node_modules, public, out, dist, build and .git", async () => {
    const root = path.join(temp, 'build', 'proj');
    const ignored = ['node_modules/pkg/index.js', 'public/narration/a.mp3', 'out/video.mp4', 'dist/index.js', 'build/x.js', '.git/index'];
    for (const file of ignored) await mkdir(path.dirname(path.join(root, file)), {recursive: true});
    const watching = startWatching({folders: [root], files: []});
    stop = watching.close;
    for (const file of ignored) await writeFile(path.join(root, file), 'x');
    // Written last: the batch it ends holds everything the watcher took for a change.
    await writeFile(path.join(root, 'index.ts'), 'export {};\n');
    expect(await watching.nextBatch('writing index.ts')).toEqual([path.join(root, 'index.ts')]);
  });

  it('keeps watching a --props file that editors save by renaming a new file over it, save after save', async () => {
    const props = path.join(temp, 'props', 'props.json');
    await mkdir(path.dirname(props), {recursive: true});
    await writeFile(props, '{"n": 0}');
    const watching = startWatching({folders: [], files: [props]});
    stop = watching.close;
    for (let save = 1; save <= 4; save++) {
      // VS Code's atomic save, vim's backupcopy=no: a new file (a new inode) takes the old one's name.
      const temporary = path.join(path.dirname(props), `.props.json.${save}.tmp`);
      await writeFile(temporary, `{"n": ${save}}`);
      await rename(temporary, props);
      expect(await watching.nextBatch(`save ${save}`), `save ${save}`).toEqual([props]);
    }
  });

  it('keeps watching a --props file that vim saves by moving the old one aside first', async () => {
    const props = path.join(temp, 'props.json');
    await writeFile(props, '{"n": 0}');
    const watching = startWatching({folders: [], files: [props]});
    stop = watching.close;
    for (let save = 1; save <= 3; save++) {
      await rename(props, `${props}~`);
      await writeFile(props, `{"n": ${save}}`);
      await rm(`${props}~`);
      expect(await watching.nextBatch(`save ${save}`), `save ${save}`).toEqual([props]);
    }
  });
});
