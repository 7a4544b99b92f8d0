import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {pruneNarration} from '../../src/node/prepare/prune-narration.ts';

describe('prune on a manifest from elsewhere (a pull request, a cache restore)', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'narration-prune-'));
    return () => rm(root, {recursive: true, force: true});
  });

  it('never touches a file outside public/narration/, whatever the manifest names', async () => {
    const publicDir = path.join(root, 'project', 'public');
    await mkdir(path.join(publicDir, 'narration'), {recursive: true});
    const victim = path.join(root, 'victim.mp3');
    await writeFile(victim, 'precious');
    const key = '../../../victim';
    const entry = {key, file: `narration/${key}.mp3`, provider: 'kling', speakerId: 'x', text: 'x', speed: 1, emotion: null, sizeInBytes: 8, sha256: 'a'.repeat(64), audio: {sampleRate: 24000, durationInSeconds: 1, leadingSilenceInSeconds: 0, trailingSilenceInSeconds: 0}, createdAt: 'now'};
    await writeFile(path.join(publicDir, 'narration', 'manifest.json'), JSON.stringify({version: 1, provider: 'kling', clips: {[key]: entry}, moderated: {}}));
    const result = await pruneNarration({compositions: [], publicDir});
    expect(result.unused).toEqual([]);
    expect(await readFile(victim, 'utf8')).toBe('precious');
  });
});
