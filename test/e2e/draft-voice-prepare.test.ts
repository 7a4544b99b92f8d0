import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {envFor, runNarrationCli} from '../helpers/run-command.ts';
import {createTempProject} from '../helpers/temp-project.ts';

const narration = explainerDefaultProps.narration;
const cueCount = narration.cues.length;
/** A paragraph cue is several clips: the example's cues make this many. */
const clipCount = narration.cues.reduce((sum, cue) => sum + clipRequestsForCue({narration, cue, provider: 'kling'}).length, 0);

describe('prepare without USEAPI_TOKEN', () => {
  let fake: FakeUseapi;
  let project: Awaited<ReturnType<typeof createTempProject>>;

  beforeAll(async () => {
    fake = await startFakeUseapi();
    project = await createTempProject();
  });
  afterAll(async () => {
    await fake?.close();
    await project?.remove();
  });

  it('speaks with the offline draft voice, says so, and switching to Kling regenerates every clip', async () => {
    const draft = await runNarrationCli(['prepare'], {cwd: project.root, env: envFor({})});
    expect(draft.code).toBe(0);
    expect(draft.stdout).toContain('USEAPI_TOKEN is not set: using the offline draft voice (eSpeak NG). Set USEAPI_TOKEN');
    const draftManifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    expect(draftManifest.compositions.Explainer?.provider).toBe('espeak-ng');
    const draftClips = Object.values(draftManifest.clips);
    expect(draftClips).toHaveLength(clipCount);
    expect(draftClips.every((clip) => clip.provider === 'espeak-ng' && clip.audio.durationInSeconds > 1)).toBe(true);

    const kling = await runNarrationCli(['prepare'], {cwd: project.root, env: envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl})});
    expect(kling.code).toBe(0);
    expect(kling.stdout).not.toContain('draft voice');
    expect(fake.count('/v1/kling/tts/create')).toBe(clipCount);
    const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    expect(manifest.compositions.Explainer?.provider).toBe('kling');
    expect(Object.keys(manifest.clips)).toHaveLength(2 * clipCount); // draft clips kept for switching back
  });
});

describe('the voice of a render never changes behind the user\'s back', () => {
  let fake: FakeUseapi;
  let project: Awaited<ReturnType<typeof createTempProject>>;
  const withToken = () => envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});

  beforeAll(async () => {
    fake = await startFakeUseapi();
    project = await createTempProject();
    // Two compositions, as in a real project: the Explainer and a short Teaser.
    await writeFile(
      path.join(project.root, 'compositions', 'Root.tsx'),
      `import {Composition} from 'remotion';
import {calculateNarrationMetadata} from '../src/index.ts';
import {Explainer, explainerSchema, type ExplainerProps} from './Explainer.tsx';
import {explainerDefaultProps} from './explainer-default-props.ts';

const teaser: ExplainerProps = {...explainerDefaultProps, narration: {...explainerDefaultProps.narration, cues: [{id: 'hook', text: 'One command narrates your video.'}]}};

export const Root = () => (
  <>
    <Composition id="Explainer" component={Explainer} schema={explainerSchema} defaultProps={explainerDefaultProps}
      calculateMetadata={calculateNarrationMetadata<ExplainerProps>({fps: 30})} width={1280} height={720} />
    <Composition id="Teaser" component={Explainer} schema={explainerSchema} defaultProps={teaser}
      calculateMetadata={calculateNarrationMetadata<ExplainerProps>({fps: 30})} width={1280} height={720} />
  </>
);
`,
    );
  });
  afterAll(async () => {
    await fake?.close();
    await project?.remove();
  });

  it('without a token, a Kling-narrated project is refused the draft voice unless --draft asks for it, and only that composition changes', async () => {
    const kling = await runNarrationCli(['prepare'], {cwd: project.root, env: withToken()});
    expect(kling.code, kling.stderr).toBe(0);
    const requests = fake.requests.length;

    // The CI secret went missing.
    const refused = await runNarrationCli(['prepare', '--composition', 'Teaser'], {cwd: project.root, env: envFor({})});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'Error: USEAPI_TOKEN is not set, but composition "Teaser" has audio from kling. Set USEAPI_TOKEN to keep that voice, or pass --draft to narrate with the offline draft voice on purpose.\n',
    );
    const plan = await runNarrationCli(['plan'], {cwd: project.root, env: envFor({})});
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('compositions "Explainer" and "Teaser" have audio from kling');

    const draft = await runNarrationCli(['prepare', '--composition', 'Teaser', '--draft'], {cwd: project.root, env: envFor({})});
    expect(draft.code, draft.stderr).toBe(0);
    const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    expect(manifest.compositions).toMatchObject({Explainer: {provider: 'kling'}, Teaser: {provider: 'espeak-ng'}});
    expect(fake.requests.length).toBe(requests);

    // The Explainer still renders with its Kling audio, with no token and no request.
    const frozen = await runNarrationCli(['prepare', '--frozen', '--composition', 'Explainer'], {cwd: project.root, env: envFor({})});
    expect(frozen.code, frozen.stderr).toBe(0);
    expect(frozen.stdout).toContain(`All ${cueCount} cue(s) have their audio (kling); no request made.`);
  }, 180_000);
});

describe('prepare with bad input', () => {
  let project: Awaited<ReturnType<typeof createTempProject>>;
  beforeAll(async () => {
    project = await createTempProject();
  });
  afterAll(() => project?.remove());

  it('names the composition, the path and the value of an invalid cue, as a sentence', async () => {
    const narration = {...explainerDefaultProps.narration, cues: [{id: 'fast', text: 'Too fast.', speed: 3}]};
    const result = await runNarrationCli(['prepare', '--props', JSON.stringify({narration})], {cwd: project.root, env: envFor({})});
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error: The narration of composition "Explainer" is invalid:\nnarration.cues[0].speed: speed must be between 0.8 and 2 (got 3)\n',
    );
  });

  it('lists the compositions when --composition names none of them', async () => {
    const result = await runNarrationCli(['prepare', '--composition', 'Explaner'], {cwd: project.root, env: envFor({})});
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error: There is no composition "Explaner". The compositions are: Explainer.\n');
  });
});
