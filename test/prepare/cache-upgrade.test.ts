import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import type {Output} from '../../src/cli/output.ts';
import {createProgress} from '../../src/cli/progress.ts';
import {prepareNarration, type NarratedComposition, type PrepareEvent} from '../../src/node/prepare/prepare-narration.ts';
import {createScriptedProvider} from '../../src/node/providers/scripted/create-scripted-provider.ts';
import {lineCourse} from '../helpers/composition-with-narration.ts';

const compositions: NarratedComposition[] = [lineCourse(4)];

describe('stored clips that need work before use', () => {
  let publicDir: string;
  beforeEach(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-upgrade-'));
    return () => rm(publicDir, {recursive: true, force: true});
  });

  it('are re-aligned after an aligner upgrade as a step of its own, with progress and no request', async () => {
    await prepareNarration({compositions, provider: createScriptedProvider(), publicDir});
    // As an older aligner left them.
    const file = path.join(publicDir, 'narration/manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    for (const clip of Object.values<{wordTiming: {by: string}}>(manifest.clips)) clip.wordTiming.by = 'espeak-dtw@0';
    await writeFile(file, JSON.stringify(manifest));

    const events: PrepareEvent[] = [];
    const lines: string[] = [];
    const output: Output = {out: (line) => lines.push(line), err: (line) => lines.push(line), isTerminal: false, status: () => {}};
    const progress = createProgress({output, verbose: false, json: false});
    const provider = createScriptedProvider();
    await prepareNarration({
      compositions,
      provider,
      publicDir,
      onEvent: (event) => {
        events.push(event);
        progress.onEvent(event);
      },
    });
    expect(provider.calls).toHaveLength(0);
    expect(events.find((event) => event.type === 'upgrade-start')).toEqual({type: 'upgrade-start', clips: 4, steps: {'measure-words': 4}});
    expect(events.filter((event) => event.type === 'clip-upgraded')).toHaveLength(4);
    expect(lines).toContain('Updating 4 stored clip(s), with no request: 4 word timing(s) from a newer aligner...');
    expect(lines).toContain('  updated 4/4 stored clips');
    const after = JSON.parse(await readFile(file, 'utf8'));
    for (const clip of Object.values<{wordTiming: {by: string}}>(after.clips)) expect(clip.wordTiming.by).not.toBe('espeak-dtw@0');
  });
});
