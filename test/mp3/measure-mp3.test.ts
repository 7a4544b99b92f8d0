import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {InvalidAudioError} from '../../src/core/errors.ts';
import {inspectMp3} from '../../src/node/mp3/inspect-mp3.ts';
import {measureMp3} from '../../src/node/mp3/measure-mp3.ts';
import fixtures from '../fixtures/fixtures.json' with {type: 'json'};
import {REPO_ROOT} from '../helpers/temp-project.ts';
import {runNarrationCli} from '../helpers/run-command.ts';

const fixture = (name: string) => path.join(REPO_ROOT, 'test/fixtures', name);
const measure = async (name: string) => measureMp3({data: await readFile(fixture(name)), name});

describe('measureMp3', () => {
  it('gives the exact played length of a CBR file with a LAME tag (gapless: delay and padding trimmed)', async () => {
    const audio = await measure('cbr-44100-mono.mp3');
    expect(audio.sampleRate).toBe(44100);
    expect(audio.durationInSeconds).toBe(2);
    // The tone starts at 0.25 s and ends at 1.75 s of the source.
    expect(audio.leadingSilenceInSeconds).toBeCloseTo(0.25, 2);
    expect(audio.trailingSilenceInSeconds).toBeCloseTo(0.25, 2);
  });

  it('decodes a 12 s VBR file without a Xing header to its full length (header estimates say ~1.9 s)', async () => {
    const audio = await measure('vbr-no-xing.mp3');
    expect(audio.durationInSeconds).toBeCloseTo(fixtures.fixtures['vbr-no-xing.mp3'].decoded.durationInSeconds, 6);
    expect(audio.durationInSeconds).toBeGreaterThan(12);
  });

  it('measures an 8 kHz MPEG-2.5 file', async () => {
    const audio = await measure('mpeg25-8khz.mp3');
    expect(audio.sampleRate).toBe(8000);
    expect(audio.durationInSeconds).toBe(3);
    expect(audio.leadingSilenceInSeconds).toBeCloseTo(0.2, 2);
  });

  it('refuses a file that is not MP3 audio with an error that names it', async () => {
    const error = await measure('not-audio.mp3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAudioError);
    expect((error as Error).message).toBe('not-audio.mp3 does not decode as MP3 audio.');
  });
});

describe('measureMp3 checks the frames first', () => {
  it('refuses a file cut inside its last frame, which decodes without errors', async () => {
    const error = await measure('truncated.mp3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAudioError);
    expect((error as Error).message).toMatch(/^truncated\.mp3 is cut short: its last frame needs bytes 12955-13372, but the file ends at byte 13205/);
  });

  it('gives the length the frame walk computes, which measureFiles reports', async () => {
    const data = await readFile(fixture('vbr-pipe-24000-mono.mp3'));
    const audio = await measureMp3({data, name: 'vbr-pipe-24000-mono.mp3'});
    expect(audio.durationInSeconds).toBe(inspectMp3({data, name: 'x'}).durationInSeconds);
    expect(audio.durationInSeconds).toBe(2.352);
  });
});

describe('remotion-narration duration', () => {
  it('prints one JSON array in order, with an error entry for a bad file, and exits 1', async () => {
    const files = ['cbr-44100-mono.mp3', 'not-audio.mp3', 'mpeg25-8khz.mp3', 'missing.mp3'].map((name) => `test/fixtures/${name}`);
    const result = await runNarrationCli(['duration', ...files, '--json'], {cwd: REPO_ROOT});
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      {file: files[0], durationInSeconds: 2},
      {file: files[1], error: `${files[1]} does not decode as MP3 audio.`},
      {file: files[2], durationInSeconds: 3},
      {file: files[3], error: `${files[3]} does not exist.`},
    ]);
  });

  it('exits 0 when every file measures', async () => {
    const result = await runNarrationCli(['duration', 'test/fixtures/vbr-no-xing.mp3', '--json'], {cwd: REPO_ROOT});
    expect(result.code).toBe(0);
    const [entry] = JSON.parse(result.stdout) as [{durationInSeconds: number}];
    expect(entry.durationInSeconds).toBeCloseTo(12.0424, 3);
  });
});
