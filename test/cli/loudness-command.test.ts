import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runNarrationCli} from '../helpers/run-command.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');

describe('remotion-narration loudness', () => {
  it('prints each file\'s loudness and true peak as ebur128 reads them, and an error for a file that is not MP3', async () => {
    const {readings} = JSON.parse(await readFile(path.join(FIXTURES, 'loudness/ebur128.json'), 'utf8')) as {
      readings: Record<string, {integratedLufs: number; truePeakDbtp: number}>;
    };
    const files = ['loudness/draft-1-en.mp3', 'vbr-xing-44100-stereo.mp3'];
    const result = await runNarrationCli(['loudness', ...files.map((file) => path.join(FIXTURES, file)), path.join(FIXTURES, 'not-audio.mp3'), '--json'], {cwd: REPO_ROOT});
    expect(result.code).toBe(1);
    const rows = JSON.parse(result.stdout) as {file: string; integratedLufs?: number; truePeakDbtp?: number; error?: string}[];
    expect(rows).toHaveLength(3);
    const reference = [readings['draft-1-en.mp3']!, readings['../vbr-xing-44100-stereo.mp3']!];
    reference.forEach((expected, index) => {
      expect(Math.abs(rows[index]!.integratedLufs! - expected.integratedLufs)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(rows[index]!.truePeakDbtp! - expected.truePeakDbtp)).toBeLessThanOrEqual(0.1);
    });
    expect(rows[2]!.error).toMatch(/not-audio\.mp3/);

    const text = await runNarrationCli(['loudness', path.join(FIXTURES, 'loudness/draft-1-en.mp3')], {cwd: REPO_ROOT});
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/draft-1-en\.mp3\t-20\.\d LUFS\ttrue peak -3\.\d dBTP\n$/);
  });
});
