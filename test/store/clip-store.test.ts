import {mkdtemp, readdir, readFile, rm, utimes, writeFile, mkdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ClipUnreadableError, ManifestUnreadableError} from '../../src/core/errors.ts';
import {emptyManifest, manifestSchema} from '../../src/core/manifest-schema.ts';
import {checkClip, sha256Hex} from '../../src/node/store/check-clip.ts';
import {openClipStore, type ClipRepair, type ClipStore} from '../../src/node/store/clip-store.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {inspectMp3} from '../../src/node/mp3/inspect-mp3.ts';
import {measureMp3} from '../../src/node/mp3/measure-mp3.ts';
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
  const open = (options: Partial<Parameters<typeof openClipStore>[0]> = {}) => openClipStore({publicDir, unreadableManifest: 'rebuild', ...options});
  /** Opens the store, runs `work`, and closes it (writing the manifest). */
  const withStore = async <T>(work: (store: ClipStore) => Promise<T>, options: Partial<Parameters<typeof openClipStore>[0]> = {}): Promise<T> => {
    const store = await open(options);
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };
  const manifestOnDisk = () => readManifestFile(path.join(publicDir, 'narration/manifest.json'));
  beforeEach(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'clip-store-'));
  });
  afterEach(() => rm(publicDir, {recursive: true, force: true}));

  it('writes the clip and a manifest entry that validates, with no temp files left', async () => {
    await withStore((store) => store.save({key, request, mp3: healthy, audio}));
    const json = JSON.parse(await readFile(path.join(publicDir, 'narration/manifest.json'), 'utf8'));
    const manifest = manifestSchema.parse(json);
    expect(manifest.clips[key]).toMatchObject({file: `narration/${key}.mp3`, sizeInBytes: healthy.byteLength, audio, text: 'Hello.'});
    expect(manifest.clips[key]!.repaired).toBeUndefined();
    expect(await readdir(path.join(publicDir, 'narration'))).toEqual([`${key}.mp3`, 'manifest.json']);
    expect(await checkClip({publicDir, manifest, key, request})).toMatchObject({state: 'stored'});
  });

  it('writes the manifest in batches, and a clip whose entry was never written is recorded again with no request', async () => {
    const store = await open();
    const first = {...request, text: 'First.'};
    const firstKey = 'b'.repeat(20);
    await store.save({key: firstKey, request: first, mp3: otherHealthy, audio: await measureMp3({data: otherHealthy, name: 'mpeg25-8khz.mp3'})});
    // The first clip's entry is written at once (the Studio shows the first new audio)...
    await expect.poll(async () => Object.keys((await manifestOnDisk()).clips)).toEqual([firstKey]);
    await store.save({key, request, mp3: healthy, audio});
    // ...the next one is on disk at once, and its entry waits for the next batch (the process could die now).
    expect((await readFile(path.join(publicDir, `narration/${key}.mp3`))).equals(healthy)).toBe(true);
    expect(Object.keys((await manifestOnDisk()).clips)).toEqual([firstKey]);
    const check = await checkClip({publicDir, manifest: await manifestOnDisk(), key, request});
    expect(check).toEqual({state: 'outdated', clip: null, steps: ['record']});
    await store.close();
    expect(Object.keys((await manifestOnDisk()).clips).sort()).toEqual([key, firstKey].sort());
  });

  it("checks a clip this machine already found good by its size and time alone, and reads one that was touched since", async () => {
    // A project with node_modules/, where the record of what was checked is kept (node_modules/.cache).
    const root = await mkdtemp(path.join(tmpdir(), 'verified-clips-'));
    try {
      await mkdir(path.join(root, 'node_modules'));
      publicDir = path.join(root, 'public');
      await withStore((store) => store.save({key, request, mp3: healthy, audio}));
      expect(await readdir(path.join(root, 'node_modules/.cache/remotion-narration'))).toHaveLength(1);
      // Given a time a test can set again exactly, then checked whole (and recorded) with it.
      const file = path.join(publicDir, `narration/${key}.mp3`);
      const time = new Date('2026-01-02T03:04:05Z');
      await utimes(file, time, time);
      expect(await withStore((store) => store.check({key, request}))).toMatchObject({state: 'stored'});
      // Bytes changed in place, size and time kept: trusted, as make and git trust them.
      await writeFile(file, Buffer.alloc(healthy.byteLength, 0x55), {flag: 'r+'});
      await utimes(file, time, time);
      expect(await withStore((store) => store.check({key, request}))).toMatchObject({state: 'stored'});
      // Touched: read whole again, and found damaged.
      await utimes(file, time, new Date(time.getTime() + 1_000));
      expect(await withStore((store) => store.check({key, request}))).toMatchObject({state: 'damaged'});
      // A record cut short is no record: every clip is read again, and nothing fails.
      const records = path.join(root, 'node_modules/.cache/remotion-narration');
      for (const name of await readdir(records)) await writeFile(path.join(records, name), '{"version": 1, "cl');
      await utimes(file, time, time);
      expect(await withStore((store) => store.check({key, request}))).toMatchObject({state: 'damaged'});
    } finally {
      await rm(root, {recursive: true, force: true});
    }
  });

  it('keeps the entries of earlier runs', async () => {
    await withStore((store) => store.save({key, request, mp3: healthy, audio}));
    await withStore((store) => store.save({key: 'b'.repeat(20), request, mp3: otherHealthy, audio}));
    expect(Object.keys((await manifestOnDisk()).clips).sort()).toEqual([key, 'b'.repeat(20)]);
  });

  it('does not trust an entry whose file is missing or has another size', async () => {
    await withStore((store) => store.save({key, request, mp3: healthy, audio}));
    const manifest = await manifestOnDisk();
    await writeFile(path.join(publicDir, `narration/${key}.mp3`), healthy.subarray(0, 1000));
    expect(await checkClip({publicDir, manifest, key, request})).toMatchObject({state: 'damaged'});
    await rm(path.join(publicDir, `narration/${key}.mp3`));
    expect(await checkClip({publicDir, manifest, key, request})).toEqual({state: 'missing'});
  });

  it('says a clip that exists but cannot be read is unreadable, naming it, never missing', async () => {
    // Root reads every file whatever its mode, so a folder stands for the unreadable file here.
    await mkdir(path.join(publicDir, `narration/${key}.mp3`), {recursive: true});
    const error = await checkClip({publicDir, manifest: emptyManifest(), key, request}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClipUnreadableError);
    expect((error as Error).message).toContain(path.join(publicDir, `narration/${key}.mp3`));
    expect((error as Error).message).toContain('EISDIR');
  });

  it('refuses a manifest it cannot read, saying why, instead of reading it as empty', async () => {
    const file = path.join(publicDir, 'narration/manifest.json');
    await mkdir(path.dirname(file), {recursive: true});
    const problemOf = async (text: string) => {
      await writeFile(file, text);
      const error = await readManifestFile(file).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ManifestUnreadableError);
      return (error as ManifestUnreadableError).problem;
    };
    expect(await problemOf('{"version": 1, "clips": {')).toMatch(/^is not valid JSON/);
    expect(await problemOf('{\n<<<<<<< HEAD\n  "version": 1,\n=======\n  "version": 1,\n>>>>>>> theirs\n}')).toBe('has merge conflict markers (line 2)');
    expect(await problemOf('{"version": 2, "clips": {}}')).toBe('was written by a newer remotion-narration (manifest version 2; this one reads version 1)');
    expect(await problemOf('{"version": 1, "clips": []}')).toMatch(/^does not have the expected shape \(manifest.clips:/);
  });

  it('rebuilds an unreadable manifest from the clips on disk for prepare, keeping a copy', async () => {
    await withStore((store) => store.save({key, request, mp3: healthy, audio}));
    const file = path.join(publicDir, 'narration/manifest.json');
    const conflicted = `<<<<<<< HEAD\n${await readFile(file, 'utf8')}=======\n{}\n>>>>>>> theirs\n`;
    await writeFile(file, conflicted);
    const rebuilt: string[] = [];
    const clip = await withStore(
      async (store) => {
        const check = await store.check({key, request});
        expect(check).toEqual({state: 'outdated', clip: null, steps: ['record']});
        return store.upgrade({key, request, check: check as Extract<typeof check, {state: 'outdated'}>});
      },
      {onManifestRebuild: (rebuild) => rebuilt.push(rebuild.problem)},
    );
    expect(rebuilt).toEqual(['has merge conflict markers (line 1)']);
    expect(await readFile(path.join(publicDir, 'narration/manifest.unreadable.json'), 'utf8')).toBe(conflicted);
    expect((await manifestOnDisk()).clips[key]).toEqual(clip);
    await expect(open({unreadableManifest: 'throw'})).resolves.toBeDefined();
  });

  it('stores a clip players would cut short with a repaired header, and says what it did', async () => {
    const piped = await fixture('vbr-pipe-24000-mono.mp3'); // VBR with no Xing header: what a pipe gets
    expect(inspectMp3({data: piped, name: 'piped'}).needsHeaderRepair).toBe(true);
    const repairs: ClipRepair[] = [];
    const clip = await withStore((store) => store.save({key, request, mp3: piped, audio: audio}), {onRepair: (repair) => repairs.push(repair)});
    const onDisk = await readFile(path.join(publicDir, clip.file));
    const stored = inspectMp3({data: onDisk, name: 'stored'});
    expect(stored.needsHeaderRepair).toBe(false);
    expect(Math.abs(stored.headerEstimateInSeconds - stored.durationInSeconds)).toBeLessThanOrEqual(stored.samplesPerFrame / stored.sampleRate + 1e-9);
    // Measured again from the repaired file, not taken from what the caller measured.
    expect(clip.audio.durationInSeconds).toBeCloseTo(stored.durationInSeconds, 9);
    expect(clip).toMatchObject({sizeInBytes: onDisk.byteLength, sha256: sha256Hex(onDisk)});
    expect(clip.repaired).toMatchObject({what: 'xing-header-added', originalSizeInBytes: piped.byteLength, originalSha256: sha256Hex(piped)});
    expect(repairs.map((repair) => repair.what)).toEqual(['xing-header-added']);
  });

  it('repairs a clip already in the cache with that defect, with no request, once, as an upgrade', async () => {
    // As an earlier version stored it: the file as the service sent it, recorded as it was.
    const piped = await fixture('vbr-pipe-24000-mono.mp3');
    const file = path.join(publicDir, `narration/${key}.mp3`);
    await mkdir(path.dirname(file), {recursive: true});
    await writeFile(file, piped);
    const entry = {key, file: `narration/${key}.mp3`, ...request, sizeInBytes: piped.byteLength, sha256: sha256Hex(piped), audio: await measureMp3({data: piped, name: 'piped'}), createdAt: 'then'};
    await writeFile(path.join(publicDir, 'narration/manifest.json'), JSON.stringify({version: 1, clips: {[key]: entry}, moderated: {}}));
    const repairs: ClipRepair[] = [];
    // Checking (plan, --frozen) writes nothing:
    const check = await checkClip({publicDir, manifest: await manifestOnDisk(), key, request});
    expect(check).toMatchObject({state: 'outdated', steps: ['repair-header', 'measure-words', 'measure-loudness']});
    expect((await readFile(file)).equals(piped)).toBe(true);
    const repaired = await withStore((store) => store.upgrade({key, request, check: check as Extract<typeof check, {state: 'outdated'}>}), {onRepair: (repair) => repairs.push(repair)});
    expect(repaired.repaired?.what).toBe('xing-header-added');
    expect(inspectMp3({data: await readFile(file), name: 'repaired'}).needsHeaderRepair).toBe(false);
    expect(await checkClip({publicDir, manifest: await manifestOnDisk(), key, request})).toEqual({state: 'stored', clip: repaired});
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
    expect(await checkClip({publicDir, manifest: emptyManifest(), key, request})).toMatchObject({state: 'damaged'});
  });

  it('measures word times when a clip is stored, and again with no request when an older version stored none', async () => {
    const clip = await withStore((store) => store.save({key, request, mp3: healthy, audio}));
    expect(clip.wordTiming?.by).toMatch(/^(espeak-dtw|spread)@\d+$/);
    expect(clip.wordTiming?.words).toHaveLength(1); // "Hello."
    // As an earlier version wrote it: no word times.
    const manifest = await manifestOnDisk();
    const {wordTiming: _dropped, ...older} = manifest.clips[key]!;
    await writeFile(path.join(publicDir, 'narration/manifest.json'), JSON.stringify({...manifest, clips: {[key]: older}}));
    const check = await checkClip({publicDir, manifest: await manifestOnDisk(), key, request});
    expect(check).toMatchObject({state: 'outdated', steps: ['measure-words']});
    const aligned = await withStore((store) => store.upgrade({key, request, check: check as Extract<typeof check, {state: 'outdated'}>}));
    expect(aligned.wordTiming).toEqual(clip.wordTiming);
    expect((await readFile(path.join(publicDir, clip.file))).equals(healthy)).toBe(true);
  });

  it('keeps the word times a provider gives for the bytes it sent', async () => {
    const wordTiming = {by: 'espeak-ng-events@1', words: [[0.3, 0.9]] as [number, number][]};
    const clip = await withStore((store) => store.save({key, request, mp3: healthy, audio, wordTiming}));
    expect(clip.wordTiming).toEqual(wordTiming);
  });
});
