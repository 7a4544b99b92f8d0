import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect} from 'vitest';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import type {Manifest} from '../../src/core/manifest-schema.ts';
import {prepareNarration, type NarratedComposition} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {startFakeUseapi, type FakeUseapi, type FakeUseapiOptions} from '../fake-useapi/fake-useapi-server.ts';
import {openTestRemotion, type TestRemotion} from './test-remotion.ts';

export type RenderedProject = {
  readonly fake: FakeUseapi;
  readonly publicDir: string;
  readonly remotion: TestRemotion;
  /** prepare's logic in process, with Kling against the fake; fails the test on a failed cue. The manifest after it. */
  prepare: (composition: NarratedComposition) => Promise<Manifest>;
};

/**
 * For a test file that prepares and renders in process: one fake useapi.net answering with MP3s
 * as varied as real encoders write them (see FakeMp3Style), one public folder and one browser on
 * the shared test bundle (see `openTestRemotion`), made before the file's tests and removed after.
 * Call it at the top level of the file; read the fields inside tests.
 */
export const useRenderedProject = ({name, fake: fakeOptions = {}}: {name: string; fake?: Omit<FakeUseapiOptions, 'mp3Style'>}): RenderedProject => {
  let fake: FakeUseapi | undefined;
  let folder: string | undefined;
  let remotion: TestRemotion | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useRenderedProject: read its fields inside tests, after beforeAll.');
    return value;
  };
  beforeAll(async () => {
    fake = await startFakeUseapi({...fakeOptions, mp3Style: 'varied'});
    folder = await mkdtemp(path.join(tmpdir(), `narration-${name}-`));
    remotion = await openTestRemotion({publicDir: path.join(folder, 'public'), folder});
  });
  afterAll(async () => {
    await remotion?.close();
    await fake?.close();
    if (folder) await rm(folder, {recursive: true, force: true});
  });
  const project: RenderedProject = {
    get fake() {
      return ready(fake);
    },
    get publicDir() {
      return path.join(ready(folder), 'public');
    },
    get remotion() {
      return ready(remotion);
    },
    prepare: async (composition) => {
      const {fake: service, publicDir} = project;
      const prepared = await prepareNarration({compositions: [composition], provider: createKlingProvider({token: service.token, baseUrl: service.baseUrl}), publicDir});
      expect(prepared.failedCues).toEqual([]);
      return readManifestFile(path.join(publicDir, MANIFEST_PATH));
    },
  };
  return project;
};
