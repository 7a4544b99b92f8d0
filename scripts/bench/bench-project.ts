import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {cacheKeyForClip} from '../../src/core/cache-key.ts';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {FAKE_DEFAULT_SPEAKER_ID, fakeClipIsTagged, startFakeUseapi, type FakeUseapi} from '../../test/fake-useapi/fake-useapi-server.ts';
import {synthesizeTestSpeech} from '../../test/fake-useapi/test-speech.ts';
import {envFor, runNarrationCli, type CommandResult} from '../../test/helpers/run-command.ts';
import {createTempProject} from '../../test/helpers/temp-project.ts';
import {progress, timed} from './timing.ts';

export const CREATE_PATH = '/v1/kling/tts/create';
export const MANY_CUES = 200;

/**
 * A temp copy of the example project (test/helpers/temp-project.ts) and a fake useapi.net with
 * no latency, shared by rows 3 to 5: row 3 prepares 200 cues there, row 4 measures those clips,
 * row 5 renders from there.
 */
export type BenchProject = {
  root: string;
  publicDir: string;
  fake: FakeUseapi;
  /** The environment of a prepare against the fake. */
  env: NodeJS.ProcessEnv;
  /** Props file giving the Explainer a 200-cue narration. */
  manyCuesPropsFile: string;
  manyCuesNarration: Narration;
  /** Cold prepare of the 200 cues through the built CLI, once; later calls return the same run. */
  prepareManyCues: () => Promise<{seconds: number; result: CommandResult}>;
  /** Absolute paths of the 200 cues' clips, as the manifest lists them. */
  manyCuesClipFiles: () => Promise<string[]>;
  remove: () => Promise<void>;
};

const manyCuesNarration = (): Narration => ({
  voice: {speakerId: FAKE_DEFAULT_SPEAKER_ID, speed: 1},
  cues: Array.from({length: MANY_CUES}, (_, index) => ({id: `line-${index + 1}`, text: `Line ${index + 1}, short and unique.`})),
});

/**
 * The fake's own speech, made once per text length, speed and kind (with or without a LAME tag):
 * the test speech's length depends on nothing else, so every clip is as long as the fake would
 * make it, but the 200 cues cost a handful of encodings instead of 200 (~80 ms each).
 */
export const speechByLength = () => {
  const made = new Map<string, Uint8Array>();
  return ({text, speed}: {text: string; speed: number}): Uint8Array => {
    const gaplessTag = fakeClipIsTagged(text);
    const key = `${[...text].length}|${speed}|${gaplessTag}`;
    let mp3 = made.get(key);
    if (!mp3) {
      mp3 = synthesizeTestSpeech({text, speed, sampleRate: 44100, gaplessTag});
      made.set(key, mp3);
    }
    return mp3;
  };
};

export const createBenchProject = async (): Promise<BenchProject> => {
  const project = await createTempProject();
  const fake = await startFakeUseapi({latencyMs: 0, synthesize: speechByLength()});
  const env = envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});
  const narration = manyCuesNarration();
  const manyCuesPropsFile = path.join(project.root, 'bench-200-cues.json');
  await writeFile(manyCuesPropsFile, `${JSON.stringify({narration}, null, 2)}\n`);

  let cold: Promise<{seconds: number; result: CommandResult}> | undefined;
  const prepareManyCues = () =>
    (cold ??= (async () => {
      progress(`cold prepare of ${MANY_CUES} cues through the built CLI (fake, latency 0)`);
      const run = await timed(() => runNarrationCli(['prepare', '--props', manyCuesPropsFile], {cwd: project.root, env}));
      if (run.result.code !== 0) {
        throw new Error(`Cold prepare of ${MANY_CUES} cues failed (exit ${run.result.code}):\n${run.result.stdout}\n${run.result.stderr}`);
      }
      progress(`  done in ${run.seconds.toFixed(1)} s, ${fake.count(CREATE_PATH)} create requests`);
      return run;
    })());

  const manyCuesClipFiles = async () => {
    await prepareManyCues();
    const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    const keys = await Promise.all(
      narration.cues.flatMap((cue) => clipRequestsForCue({narration, cue, provider: 'kling'}).map((request) => cacheKeyForClip(request))),
    );
    return keys.map((key) => {
      const clip = manifest.clips[key];
      if (!clip) throw new Error(`The manifest has no clip ${key} after the cold prepare.`);
      return path.join(project.publicDir, clip.file);
    });
  };

  return {
    root: project.root,
    publicDir: project.publicDir,
    fake,
    env,
    manyCuesPropsFile,
    manyCuesNarration: narration,
    prepareManyCues,
    manyCuesClipFiles,
    remove: async () => {
      await fake.close();
      await project.remove();
    },
  };
};
