import {copyFile, mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {measureFiles} from '../../src/node/mp3/measure-files.ts';
import {runCommand} from '../helpers/run-command.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/cbr-44100-mono.mp3');
/** More files than macOS's default limit of 256 open files, where 362 of 600 failed with EMFILE. */
const FILE_COUNT = 600;

describe('measureFiles with many files', () => {
  let folder: string;
  let files: string[];
  let fixtureSeconds: number;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'narration-many-mp3s-'));
    files = Array.from({length: FILE_COUNT}, (_, index) => path.join(folder, `clip-${String(index).padStart(3, '0')}.mp3`));
    for (const file of files) await copyFile(FIXTURE, file);
    const [measured] = await measureFiles({files: [FIXTURE]});
    fixtureSeconds = (measured as {durationInSeconds: number}).durationInSeconds;
  });
  afterAll(async () => {
    await rm(folder, {recursive: true, force: true});
  });

  it(`\`duration --json\` measures all ${FILE_COUNT} files under macOS's default limit of 256 open files, in order`, async () => {
    // The hard limit too, so that node cannot raise it again at startup. (Below about 110 the
    // CLI cannot even load its modules: Node's ESM loader reads them all at once.)
    const result = await runCommand(
      'bash',
      ['-c', 'ulimit -n 256 && exec "$0" "$@"', process.execPath, path.join(REPO_ROOT, 'bin/remotion-narration.js'), 'duration', '--json', ...files],
      {cwd: folder},
    );
    const measured = JSON.parse(result.stdout) as {file: string; durationInSeconds?: number; error?: string}[];
    const failed = measured.filter((entry) => entry.error !== undefined);
    expect(failed.length, `${failed.length} of ${FILE_COUNT} failed, the first: ${failed[0]?.error}`).toBe(0);
    expect(measured.map((entry) => entry.file)).toEqual(files);
    expect(new Set(measured.map((entry) => entry.durationInSeconds))).toEqual(new Set([fixtureSeconds]));
    expect(result.code).toBe(0);
  });

  it('keeps the results in the order of the files, errors included', async () => {
    const mixed = files.slice(0, 40).flatMap((file, index) => (index % 7 === 3 ? [path.join(folder, `missing-${index}.mp3`), file] : [file]));
    const measured = await measureFiles({files: mixed});
    expect(measured.map((entry) => entry.file)).toEqual(mixed);
    for (const entry of measured) {
      if (entry.file.includes('missing-')) expect(entry).toEqual({file: entry.file, error: `${entry.file} does not exist.`});
      else expect(entry).toEqual({file: entry.file, durationInSeconds: fixtureSeconds});
    }
  });
});
