import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {prepareNarration} from '../../src/node/prepare/prepare-narration.ts';
import {createPrepareSession} from '../../src/node/prepare/prepare-session.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';

const CREATE = '/v1/kling/tts/create';
/** The fake speaks these slowly: long enough for a newer save to come while they are in flight. */
const SLOW_MS = 3_000;
const REPLACED = 'A line replaced while it is spoken.';
const KEPT = 'A line kept while it is spoken.';

const narration = (texts: string[]): Narration => ({voice: {speakerId: 'uk_man2'}, cues: texts.map((text, index) => ({id: `cue-${index + 1}`, text}))});
const createsFor = (fake: FakeUseapi, text: string) => fake.requests.filter((request) => request.path.startsWith(CREATE) && String(JSON.stringify(request.body)).includes(text)).length;

/** Two prepares of one session, the second replacing the first while its requests are in flight (a save during `prepare --watch`). */
describe('a prepare superseded by a newer one', () => {
  let fake: FakeUseapi;
  let publicDir: string;
  beforeAll(async () => {
    fake = await startFakeUseapi({latencyMs: (text) => (text === REPLACED || text === KEPT ? SLOW_MS : 0)});
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-session-'));
  });
  afterAll(async () => {
    await fake.close();
    await rm(publicDir, {recursive: true, force: true});
  });

  it('returns without waiting for its requests; the newer one asks only for new text, waits for the clip it still needs, and both stored clips stay', async () => {
    const provider = createKlingProvider({token: fake.token, baseUrl: fake.baseUrl});
    const session = createPrepareSession();
    const superseded = new AbortController();
    const first = prepareNarration({compositions: [{id: 'Tour', narration: narration([REPLACED, KEPT])}], provider, publicDir, session, superseded: superseded.signal});
    // Both slow requests are in flight: then the user saves again.
    while (createsFor(fake, REPLACED) + createsFor(fake, KEPT) < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    const savedAt = performance.now();
    superseded.abort();
    const replaced = await first;
    expect(replaced.superseded).toBe(true);
    expect(performance.now() - savedAt).toBeLessThan(SLOW_MS / 2);

    const second = await prepareNarration({compositions: [{id: 'Tour', narration: narration(['A new first line.', KEPT])}], provider, publicDir, session});
    expect(second.superseded).toBe(false);
    expect(second.failedCues).toEqual([]);
    // The kept line was asked for once, by the first prepare; the new line once; the replaced one was not asked again.
    expect(createsFor(fake, KEPT)).toBe(1);
    expect(createsFor(fake, 'A new first line.')).toBe(1);
    expect(createsFor(fake, REPLACED)).toBe(1);
    expect(second.synthesizeCalls).toBe(1);

    // The replaced line's audio, paid for, is stored too, once the session has settled.
    await session.settled();
    const manifest = await readManifestFile(path.join(publicDir, MANIFEST_PATH));
    expect(Object.values(manifest.clips).map((clip) => clip.text).sort()).toEqual(['A new first line.', KEPT, REPLACED].sort());
  });
});
