import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import {InvalidInputError} from '../../src/core/errors.ts';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {assertVoiceKept} from '../../src/node/prepare/assert-voice-kept.ts';
import {planNarration} from '../../src/node/prepare/plan-narration.ts';
import {prepareNarration} from '../../src/node/prepare/prepare-narration.ts';
import {speechProviderFromEnv} from '../../src/node/providers/speech-provider-from-env.ts';
import {readManifestFile, readProjectManifest} from '../../src/node/store/read-manifest-file.ts';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {compositionWithNarration} from '../helpers/composition-with-narration.ts';
import {envFor} from '../helpers/run-command.ts';
import {openTestRemotion, type TestRemotion} from '../helpers/test-remotion.ts';

const narration = explainerDefaultProps.narration;
const cueCount = narration.cues.length;
/** A paragraph cue is several clips: the example's cues make this many. */
const clipCount = narration.cues.reduce((sum, cue) => sum + clipRequestsForCue({narration, cue, provider: 'kling'}).length, 0);
const explainer = compositionWithNarration({id: 'Explainer', narration});
/** A second composition, as in a real project: a short teaser. */
const teaser = compositionWithNarration({id: 'Teaser', narration: {...narration, cues: [{id: 'hook', text: 'One command narrates your video.'}]}});

/**
 * The provider prepare chooses from the environment (`speechProviderFromEnv`, which the CLI
 * calls), and the check that keeps a composition's voice (`assertVoiceKept`), run in process on
 * one project as a team meets them: a first draft, then Kling, then a CI secret that goes
 * missing. The CLI's own refusal is run in end-to-end.test.ts.
 */
describe('the voice of a render never changes behind the user\'s back', () => {
  let fake: FakeUseapi;
  let folder: string;
  let publicDir: string;
  const withToken = () => envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});
  const manifest = () => readManifestFile(path.join(publicDir, MANIFEST_PATH));

  beforeAll(async () => {
    fake = await startFakeUseapi();
    folder = await mkdtemp(path.join(tmpdir(), 'narration-voices-'));
    publicDir = path.join(folder, 'public');
  });
  afterAll(async () => {
    await fake?.close();
    if (folder) await rm(folder, {recursive: true, force: true});
  });

  it('without USEAPI_TOKEN, speaks with the offline draft voice and says so; switching to Kling regenerates every clip', async () => {
    const draft = speechProviderFromEnv({env: envFor({})});
    expect(draft.notice).toContain('USEAPI_TOKEN is not set: using the offline draft voice (eSpeak NG). Set USEAPI_TOKEN');
    expect(draft.draftForLackOfToken).toBe(true);
    // A project never narrated has no voice to keep: the check prepare makes passes.
    assertVoiceKept({manifest: await readProjectManifest({publicDir}), compositionIds: ['Explainer']});
    const drafted = await prepareNarration({compositions: [explainer], provider: draft.provider, publicDir});
    expect(drafted.failedCues).toEqual([]);
    const draftManifest = await manifest();
    expect(draftManifest.compositions.Explainer?.provider).toBe('espeak-ng');
    const draftClips = Object.values(draftManifest.clips);
    expect(draftClips).toHaveLength(clipCount);
    expect(draftClips.every((clip) => clip.provider === 'espeak-ng' && clip.audio.durationInSeconds > 1)).toBe(true);

    const kling = speechProviderFromEnv({env: withToken()});
    expect(kling.notice).toBeNull();
    expect(kling.provider.id).toBe('kling');
    const spoken = await prepareNarration({compositions: [explainer], provider: kling.provider, publicDir});
    expect(spoken.failedCues).toEqual([]);
    expect(fake.count('/v1/kling/tts/create')).toBe(clipCount);
    const klingManifest = await manifest();
    expect(klingManifest.compositions.Explainer?.provider).toBe('kling');
    expect(Object.keys(klingManifest.clips)).toHaveLength(2 * clipCount); // draft clips kept for switching back
  });

  it('without a token, a Kling-narrated project is refused the draft voice unless --draft asks for it, and only that composition changes', async () => {
    // Continues the project above: the Explainer is narrated by Kling; the Teaser joins it.
    const kling = await prepareNarration({compositions: [explainer, teaser], provider: speechProviderFromEnv({env: withToken()}).provider, publicDir});
    expect(kling.failedCues).toEqual([]);
    const requests = fake.requests.length;

    // The CI secret went missing: prepare of the Teaser, and plan of both, refuse.
    const missing = speechProviderFromEnv({env: envFor({})});
    expect(missing.draftForLackOfToken).toBe(true);
    const narrated = await readProjectManifest({publicDir});
    expect(() => assertVoiceKept({manifest: narrated, compositionIds: ['Teaser']})).toThrow(
      new InvalidInputError('USEAPI_TOKEN is not set, but composition "Teaser" has audio from kling. Set USEAPI_TOKEN to keep that voice, or pass --draft to narrate with the offline draft voice on purpose.'),
    );
    expect(() => assertVoiceKept({manifest: narrated, compositionIds: ['Explainer', 'Teaser']})).toThrow('compositions "Explainer" and "Teaser" have audio from kling');

    // --draft: the draft voice on purpose, with no check.
    const draft = speechProviderFromEnv({env: envFor({}), draft: true});
    expect(draft.draftForLackOfToken).toBe(false);
    const drafted = await prepareNarration({compositions: [teaser], provider: draft.provider, publicDir});
    expect(drafted.failedCues).toEqual([]);
    expect((await manifest()).compositions).toMatchObject({Explainer: {provider: 'kling'}, Teaser: {provider: 'espeak-ng'}});
    expect(fake.requests.length).toBe(requests);

    // The Explainer still has all its Kling audio, with no token and no request (what --frozen checks).
    const frozen = await planNarration({compositions: [explainer], publicDir, providerId: null});
    expect(frozen.providerId).toBe('kling');
    expect(frozen.cues.filter((cue) => cue.status === 'cached')).toHaveLength(cueCount);
    // The plan reports the voice's loudness as the service made it, as prepare does.
    expect(frozen.voices).toEqual([{speakerId: narration.voice.speakerId, cues: cueCount, loudnessLufs: expect.closeTo(-13.5, 0)}]);
    expect(fake.requests.length).toBe(requests);
  }, 180_000);
});

/**
 * Bad props, read from the bundle as prepare reads them (Remotion resolves the props, prepare
 * validates the narration and says what is wrong as a sentence).
 */
describe('prepare with bad input', () => {
  let folder: string;
  let remotion: TestRemotion;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'narration-bad-input-'));
    remotion = await openTestRemotion({publicDir: path.join(folder, 'public'), folder});
  });
  afterAll(async () => {
    await remotion?.close();
    if (folder) await rm(folder, {recursive: true, force: true});
  });

  it('names the composition, the path and the value of an invalid cue, as a sentence', async () => {
    const invalid = {...explainerDefaultProps.narration, cues: [{id: 'fast', text: 'Too fast.', speed: 3}]};
    await expect(remotion.narratedComposition({id: 'Explainer', inputProps: {narration: invalid}})).rejects.toThrow(
      new InvalidInputError('The narration of composition "Explainer" is invalid:\nnarration.cues[0].speed: speed must be between 0.8 and 2 (got 3)'),
    );
  });

  it('names the two languages Kling speaks when a cue asks for another', async () => {
    const invalid = {...explainerDefaultProps.narration, cues: [{id: 'hola', text: 'Hola a todos.', language: 'es'}]};
    await expect(remotion.narratedComposition({id: 'Explainer', inputProps: {narration: invalid}})).rejects.toThrow(
      new InvalidInputError(
        'The narration of composition "Explainer" is invalid:\nnarration.cues[0].language: language must be "en" (English) or "zh" (Chinese), the languages Kling speaks; leave it out to let the text decide (got "es")',
      ),
    );
  });
});
