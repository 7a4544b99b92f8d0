import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {envFor, runNarrationCli} from '../helpers/run-command.ts';
import {createTempProject} from '../helpers/temp-project.ts';

const cueCount = explainerDefaultProps.narration.cues.length;

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
    expect(draftManifest.provider).toBe('espeak-ng');
    const draftClips = Object.values(draftManifest.clips);
    expect(draftClips).toHaveLength(cueCount);
    expect(draftClips.every((clip) => clip.provider === 'espeak-ng' && clip.audio.durationInSeconds > 1)).toBe(true);

    const kling = await runNarrationCli(['prepare'], {cwd: project.root, env: envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl})});
    expect(kling.code).toBe(0);
    expect(kling.stdout).not.toContain('draft voice');
    expect(fake.count('/v1/kling/tts/create')).toBe(cueCount);
    const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    expect(manifest.provider).toBe('kling');
    expect(Object.keys(manifest.clips)).toHaveLength(2 * cueCount); // draft clips kept for switching back
  });
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
