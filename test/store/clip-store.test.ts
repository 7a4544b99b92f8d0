import {mkdtemp, readdir, readFile, rm, writeFile, mkdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {manifestSchema} from '../../src/core/manifest-schema.ts';
import {openClipStore, type ManifestProblem} from '../../src/node/store/clip-store.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';

const request = {provider: 'kling', speakerId: 'uk_man2', text: 'Hello.', speed: 1, emotion: null};
const audio = {sampleRate: 44100, durationInSeconds: 1.5, leadingSilenceInSeconds: 0.12, trailingSilenceInSeconds: 0.2};
const key = 'a'.repeat(20);

describe('clip store', () => {
  let publicDir: string;
  beforeEach(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'clip-store-'));
  });
  afterEach(() => rm(publicDir, {recursive: true, force: true}));

  it('writes the clip and a manifest entry that validates, with no temp files left', async () => {
    const store = openClipStore({publicDir});
    await store.save({key, request, mp3: new Uint8Array([1, 2, 3]), audio});
    const json = JSON.parse(await readFile(store.manifestFile, 'utf8'));
    const manifest = manifestSchema.parse(json);
    expect(manifest.clips[key]).toMatchObject({file: `narration/${key}.mp3`, sizeInBytes: 3, audio, text: 'Hello.'});
    expect(await readdir(path.join(publicDir, 'narration'))).toEqual([`${key}.mp3`, 'manifest.json']);
    expect(await store.find({manifest, key, request})).not.toBeNull();
  });

  it('keeps entries another process wrote meanwhile', async () => {
    const first = openClipStore({publicDir});
    const second = openClipStore({publicDir});
    await first.save({key, request, mp3: new Uint8Array([1]), audio});
    await second.save({key: 'b'.repeat(20), request, mp3: new Uint8Array([2]), audio});
    expect(Object.keys((await first.readManifest()).clips).sort()).toEqual([key, 'b'.repeat(20)]);
  });

  it('does not trust an entry whose file is missing or has another size', async () => {
    const store = openClipStore({publicDir});
    await store.save({key, request, mp3: new Uint8Array([1, 2, 3]), audio});
    const manifest = await store.readManifest();
    await writeFile(path.join(publicDir, `narration/${key}.mp3`), new Uint8Array([1]));
    expect(await store.find({manifest, key, request})).toBeNull();
    await rm(path.join(publicDir, `narration/${key}.mp3`));
    expect(await store.find({manifest, key, request})).toBeNull();
  });

  it('reports a corrupted manifest and treats it as empty', async () => {
    const file = path.join(publicDir, 'narration/manifest.json');
    await mkdir(path.dirname(file), {recursive: true});
    const problems: ManifestProblem[] = [];
    await writeFile(file, '{"version": 1, "clips": {');
    expect((await readManifestFile(file, (p) => problems.push(p))).clips).toEqual({});
    await writeFile(file, '{"version": 99, "provider": null, "clips": {}}');
    expect((await readManifestFile(file, (p) => problems.push(p))).clips).toEqual({});
    expect(problems.map((p) => p.problem)).toEqual([
      'is not valid JSON',
      expect.stringContaining('does not have the expected shape (manifest.version:'),
    ]);
  });
});
