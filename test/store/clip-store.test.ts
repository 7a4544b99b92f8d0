import {mkdtemp, readdir, readFile, rm, writeFile, mkdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {manifestSchema} from '../../src/core/manifest-schema.ts';
import {openClipStore, type ManifestProblem} from '../../src/node/store/clip-store.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {inspectMp3} from '../../src/node/mp3/inspect-mp3.ts';
import {measureMp3} from '../../src/node/mp3/measure-mp3.ts';
import {sha256Hex, type ClipRepair} from '../../src/node/store/clip-store.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';

const request = {provider: 'kling', speakerId: 'uk_man2', text: 'Hello.', speed: 1, emotion: null};
const key = 'a'.repeat(20);
const fixture = (name: string) => readFile(path.join(REPO_ROOT, 'test/fixtures', name));
/** Real MP3s: the store refuses anything else. A CBR file with a LAME tag needs no repair. */
const healthy = await fixture('cbr-44100-mono.mp3');
const audio = await measureMp3({data: healthy, name: 'cbr-44100-mono.mp3'});
const otherHealthy = await fixture('mpeg25-8khz.mp3');

describe('clip store', () => {
  let publicDir: string;
  beforeEach(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'clip-store-'));
  });
  afterEach(() => rm(publicDir, {recursive: true, force: true}));

  it('writes the clip and a manifest entry that validates, with no temp files left', async () => {
    const store = openClipStore({publicDir});
    await store.save({key, request, mp3: healthy, audio});
    const json = JSON.parse(await readFile(store.manifestFile, 'utf8'));
    const manifest = manifestSchema.parse(json);
    expect(manifest.clips[key]).toMatchObject({file: `narration/${key}.mp3`, sizeInBytes: healthy.byteLength, audio, text: 'Hello.'});
    expect(manifest.clips[key]!.repaired).toBeUndefined();
    expect(await readdir(path.join(publicDir, 'narration'))).toEqual([`${key}.mp3`, 'manifest.json']);
    expect(await store.find({manifest, key, request})).not.toBeNull();
  });

  it('keeps entries another process wrote meanwhile', async () => {
    const first = openClipStore({publicDir});
    const second = openClipStore({publicDir});
    await first.save({key, request, mp3: healthy, audio});
    await second.save({key: 'b'.repeat(20), request, mp3: otherHealthy, audio});
    expect(Object.keys((await first.readManifest()).clips).sort()).toEqual([key, 'b'.repeat(20)]);
  });

  it('does not trust an entry whose file is missing or has another size', async () => {
    const store = openClipStore({publicDir});
    await store.save({key, request, mp3: healthy, audio});
    const manifest = await store.readManifest();
    await writeFile(path.join(publicDir, `narration/${key}.mp3`), healthy.subarray(0, 1000));
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

  it('stores a clip players would cut short with a repaired header, and says what it did', async () => {
    const piped = await fixture('vbr-pipe-24000-mono.mp3'); // VBR with no Xing header: what a pipe gets
    expect(inspectMp3({data: piped, name: 'piped'}).needsHeaderRepair).toBe(true);
    const repairs: ClipRepair[] = [];
    const store = openClipStore({publicDir, onRepair: (repair) => repairs.push(repair)});
    const clip = await store.save({key, request, mp3: piped, audio: await measureMp3({data: piped, name: 'piped'})});
    const onDisk = await readFile(path.join(publicDir, clip.file));
    const stored = inspectMp3({data: onDisk, name: 'stored'});
    expect(stored.needsHeaderRepair).toBe(false);
    expect(Math.abs(stored.headerEstimateInSeconds - stored.durationInSeconds)).toBeLessThanOrEqual(stored.samplesPerFrame / stored.sampleRate + 1e-9);
    expect(clip.audio.durationInSeconds).toBeCloseTo(stored.durationInSeconds, 9);
    expect(clip).toMatchObject({sizeInBytes: onDisk.byteLength, sha256: sha256Hex(onDisk)});
    expect(clip.repaired).toMatchObject({what: 'xing-header-added', originalSizeInBytes: piped.byteLength, originalSha256: sha256Hex(piped)});
    expect(repairs.map((repair) => repair.what)).toEqual(['xing-header-added']);
  });

  it('repairs a clip already in the cache with that defect, with no request, once', async () => {
    // As an earlier version stored it: the file as the service sent it, recorded as it was.
    const piped = await fixture('vbr-pipe-24000-mono.mp3');
    const file = path.join(publicDir, `narration/${key}.mp3`);
    await mkdir(path.dirname(file), {recursive: true});
    await writeFile(file, piped);
    const entry = {key, file: `narration/${key}.mp3`, ...request, sizeInBytes: piped.byteLength, sha256: sha256Hex(piped), audio: await measureMp3({data: piped, name: 'piped'}), createdAt: 'then'};
    await writeFile(path.join(publicDir, 'narration/manifest.json'), JSON.stringify({version: 1, provider: 'kling', clips: {[key]: entry}, moderated: {}}));
    const repairs: ClipRepair[] = [];
    const store = openClipStore({publicDir, onRepair: (repair) => repairs.push(repair)});
    // plan and --frozen write nothing:
    expect(await store.find({manifest: await store.readManifest(), key, request, adopt: false})).not.toBeNull();
    expect((await readFile(file)).equals(piped)).toBe(true);
    const repaired = await store.find({manifest: await store.readManifest(), key, request});
    expect(repaired!.repaired?.what).toBe('xing-header-added');
    expect(inspectMp3({data: await readFile(file), name: 'repaired'}).needsHeaderRepair).toBe(false);
    const again = await store.find({manifest: await store.readManifest(), key, request});
    expect(again).toEqual(repaired);
    expect(repairs).toHaveLength(1);
  });

  it('never adopts a file that is not MP3, such as a WAV dropped where a clip was', async () => {
    const wav = new Uint8Array(44 + 39_690 * 2); // 0.9 s of 16-bit mono PCM at 44.1 kHz
    const view = new DataView(wav.buffer);
    wav.set(new TextEncoder().encode('RIFF'), 0);
    view.setUint32(4, wav.length - 8, true);
    wav.set(new TextEncoder().encode('WAVEfmt '), 8);
    view.setUint32(16, 16, true);
    view.setUint16(20, 1, true);
    view.setUint16(22, 1, true);
    view.setUint32(24, 44_100, true);
    view.setUint32(28, 88_200, true);
    view.setUint16(32, 2, true);
    view.setUint16(34, 16, true);
    wav.set(new TextEncoder().encode('data'), 36);
    view.setUint32(40, 39_690 * 2, true);
    for (let i = 0; i < 39_690; i++) view.setInt16(44 + i * 2, Math.round(Math.sin(i / 10) * 12_000), true);
    const file = path.join(publicDir, `narration/${key}.mp3`);
    await mkdir(path.dirname(file), {recursive: true});
    await writeFile(file, wav);
    const store = openClipStore({publicDir});
    expect(await store.find({manifest: await store.readManifest(), key, request})).toBeNull();
    expect((await store.readManifest()).clips).toEqual({});
  });

  it('measures word times when a clip is stored, and again with no request when an older version stored none', async () => {
    const store = openClipStore({publicDir});
    const clip = await store.save({key, request, mp3: healthy, audio});
    expect(clip.wordTiming?.by).toMatch(/^(espeak-dtw|spread)@\d+$/);
    expect(clip.wordTiming?.words).toHaveLength(1); // "Hello."
    // As an earlier version wrote it: no word times.
    const manifest = await store.readManifest();
    const {wordTiming: _dropped, ...older} = manifest.clips[key]!;
    await writeFile(store.manifestFile, JSON.stringify({...manifest, clips: {[key]: older}}));
    expect((await store.find({manifest: await store.readManifest(), key, request, adopt: false}))?.wordTiming).toBeUndefined();
    const aligned = await store.find({manifest: await store.readManifest(), key, request});
    expect(aligned?.wordTiming).toEqual(clip.wordTiming);
    expect((await readFile(path.join(publicDir, clip.file))).equals(healthy)).toBe(true);
  });

  it('keeps the word times a provider gives for the bytes it sent', async () => {
    const store = openClipStore({publicDir});
    const wordTiming = {by: 'espeak-ng-events@1', words: [[0.3, 0.9]] as [number, number][]};
    const clip = await store.save({key, request, mp3: healthy, audio, wordTiming});
    expect(clip.wordTiming).toEqual(wordTiming);
  });
});
