import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import {ManifestUnreadableError} from '../../src/core/errors.ts';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {planNarration} from '../../src/node/prepare/plan-narration.ts';
import {prepareNarration} from '../../src/node/prepare/prepare-narration.ts';
import {pruneNarration} from '../../src/node/prepare/prune-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {compositionWithNarration} from '../helpers/composition-with-narration.ts';

const CREATE = '/v1/kling/tts/create';
const narration = explainerDefaultProps.narration;
const cueCount = narration.cues.length;
/** A paragraph cue is several clips: the example's cues make this many. */
const clipCount = narration.cues.reduce((sum, cue) => sum + clipRequestsForCue({narration, cue, provider: 'kling'}).length, 0);
const explainer = compositionWithNarration({id: 'Explainer', narration});

/**
 * CI and everyday workflows on one project, in the order a team meets them, run in process: what
 * `prepare --frozen`, `plan`, `prepare --force` and `prune` compute. The commands themselves (their
 * wording, exit codes, the token) are run in end-to-end.test.ts.
 */
describe('frozen, plan, force, prune and the bundle', () => {
  let fake: FakeUseapi;
  let folder: string;
  let publicDir: string;
  const kling = () => createKlingProvider({token: fake.token, baseUrl: fake.baseUrl});

  beforeAll(async () => {
    fake = await startFakeUseapi();
    folder = await mkdtemp(path.join(tmpdir(), 'narration-workflows-'));
    publicDir = path.join(folder, 'public');
  });
  afterAll(async () => {
    await fake?.close();
    if (folder) await rm(folder, {recursive: true, force: true});
  });

  /** What `prepare --frozen` checks: every cue against the voice it was prepared with. */
  const frozenPlan = () => planNarration({compositions: [explainer], publicDir, providerId: null});

  it('prepare --frozen finds every cue without audio, and makes no request', async () => {
    const plan = await frozenPlan();
    const missing = plan.cues.filter((cue) => cue.status !== 'cached');
    expect(missing.map((cue) => [cue.cueId, cue.text])).toEqual(narration.cues.map((cue) => [cue.id, cue.text]));
    expect(fake.requests).toHaveLength(0);
  });

  it('plan says what would be generated, with no request and no file', async () => {
    const provider = kling();
    const plan = await planNarration({compositions: [explainer], publicDir, providerId: provider.id, limits: provider.limits});
    expect(plan.providerId).toBe('kling');
    expect(plan.clipsToGenerate).toBe(clipCount);
    // What is sent: pronunciations applied, bookmarks taken out.
    const spoken = narration.cues.flatMap((cue) => clipRequestsForCue({narration, cue, provider: 'kling'}).map((request) => request.text));
    expect(plan.characters).toBe(spoken.reduce((sum, text) => sum + [...text].length, 0));
    expect(plan.estimatedSeconds).toBeGreaterThan(10);
    expect(fake.requests).toHaveLength(0);
    await expect(readdir(path.join(publicDir, 'narration'))).rejects.toThrow();
  });

  it('plan names the cue a shared clip is made for, and the clips a paragraph cue is split into', async () => {
    const cues = [...narration.cues, {id: 'recap', text: narration.cues[0]!.text}];
    const provider = kling();
    const plan = await planNarration({compositions: [compositionWithNarration({id: 'Explainer', narration: {...narration, cues}})], publicDir, providerId: provider.id, limits: provider.limits});
    expect(plan.cues.find((cue) => cue.cueId === 'recap')).toMatchObject({status: 'to-generate', sharedWith: {compositionId: 'Explainer', cueId: 'intro'}, characters: 0});
    expect(plan.clipsToGenerate).toBe(clipCount);
    expect(plan.cues.filter((cue) => cue.status === 'to-generate')).toHaveLength(cueCount + 1);
    const paragraph = plan.cues.find((cue) => cue.cueId === 'cues')!;
    expect(paragraph.clips.length).toBeGreaterThan(1);
    expect(paragraph.clips[0]).toMatchObject({status: 'to-generate', text: expect.stringMatching(/^A cue is a stable id/)});
    await expect(readdir(path.join(publicDir, 'narration'))).rejects.toThrow();
  });

  it('prepare --frozen passes with no request once the audio is cached', async () => {
    const prepared = await prepareNarration({compositions: [explainer], provider: kling(), publicDir});
    expect(prepared).toMatchObject({generatedClips: clipCount, synthesizeCalls: clipCount, failedCues: []});
    expect(prepared.outcomes.every((cue) => cue.status === 'generated')).toBe(true);

    const requestsBefore = fake.requests.length;
    const plan = await frozenPlan();
    expect(plan.providerId).toBe('kling');
    expect(plan.cues.filter((cue) => cue.status === 'cached')).toHaveLength(cueCount);
    expect(fake.requests.length).toBe(requestsBefore);
  });

  it('prepare --frozen refuses a manifest it cannot read, and changes nothing; plan still plans', async () => {
    const manifestFile = path.join(publicDir, MANIFEST_PATH);
    const intact = await readFile(manifestFile, 'utf8');
    const lines = intact.split('\n');
    // A merge that went wrong: the conflict's markers around the second line.
    const conflicted = [lines[0], '<<<<<<< HEAD', lines[1], '=======', lines[1], '>>>>>>> other', ...lines.slice(2)].join('\n');
    await writeFile(manifestFile, conflicted);
    const requestsBefore = fake.requests.length;
    try {
      const refused = await frozenPlan().then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ManifestUnreadableError);
      expect((refused as Error).message).toBe(
        `${manifestFile} has merge conflict markers (line 2). Run \`npx remotion-narration prepare\` to rebuild it from the clips on disk (it keeps a copy).`,
      );
      // plan (a provider given) plans as prepare would after rebuilding: every clip is on disk.
      const provider = kling();
      const plan = await planNarration({compositions: [explainer], publicDir, providerId: provider.id, limits: provider.limits});
      expect(plan.cues).toHaveLength(cueCount);
      expect(await readFile(manifestFile, 'utf8')).toBe(conflicted);
      expect(fake.requests.length).toBe(requestsBefore);
    } finally {
      await writeFile(manifestFile, intact);
    }
  });

  it('prepare --force regenerates the given cues only', async () => {
    const before = fake.count(CREATE);
    const result = await prepareNarration({compositions: [explainer], provider: kling(), publicDir, force: ['intro', 'outro']});
    expect(result.failedCues).toEqual([]);
    expect(fake.count(CREATE)).toBe(before + 2);
  });

  it('prune deletes audio no cue uses once no other prepare keeps it (and --dry-run only lists it)', async () => {
    // Prepared with a props file whose first line changed (`--props changed-props.json`).
    const propsSource = 'changed-props.json';
    const changed = compositionWithNarration({id: 'Explainer', narration: {...narration, cues: narration.cues.map((cue, i) => (i === 0 ? {...cue, text: 'A replaced first line.'} : cue))}});
    expect((await prepareNarration({compositions: [changed], provider: kling(), publicDir, propsSource})).failedCues).toEqual([]);
    const manifestFile = path.join(publicDir, MANIFEST_PATH);
    expect(Object.keys((await readManifestFile(manifestFile)).clips)).toHaveLength(clipCount + 1);
    // The clip as it was spoken (pronunciations applied).
    const [firstClip] = clipRequestsForCue({narration, cue: narration.cues[0]!, provider: 'kling'});

    // With the changed props, the original first line is used by no cue; the prepare with the
    // default props used it today, so by default it is kept (another language, another cut).
    const kept = await pruneNarration({compositions: [changed], publicDir, propsSource, dryRun: true});
    expect(kept.unused).toEqual([]);
    expect(kept.keptForOtherUses).toMatchObject([{compositionId: 'Explainer', props: 'default props', clips: 1}]);

    // --keep-days 0: only what the cues use is kept.
    const dryRun = await pruneNarration({compositions: [changed], publicDir, propsSource, keepDays: 0, dryRun: true});
    expect(dryRun.unused).toMatchObject([{file: expect.stringMatching(/^narration\//), text: firstClip!.text}]);
    expect(Object.keys((await readManifestFile(manifestFile)).clips)).toHaveLength(clipCount + 1);

    const pruned = await pruneNarration({compositions: [changed], publicDir, propsSource, keepDays: 0});
    expect(pruned.unused).toHaveLength(1);
    const manifest = await readManifestFile(manifestFile);
    expect(Object.keys(manifest.clips)).toHaveLength(clipCount);
    const files = (await readdir(path.join(publicDir, 'narration'))).filter((file) => file.endsWith('.mp3'));
    expect(files).toHaveLength(clipCount);
  });
});
