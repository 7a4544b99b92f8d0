import {readdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {bundle} from '@remotion/bundler';
import {selectComposition} from '@remotion/renderer';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {narrationBrowserExecutable} from '../../src/node/project/browser-executable.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {envFor, runNarrationCli} from '../helpers/run-command.ts';
import {createTempProject} from '../helpers/temp-project.ts';

const CREATE = '/v1/kling/tts/create';
const narration = explainerDefaultProps.narration;
const cueCount = narration.cues.length;
/** A paragraph cue is several clips: the example's cues make this many. */
const clipCount = narration.cues.reduce((sum, cue) => sum + clipRequestsForCue({narration, cue, provider: 'kling'}).length, 0);

/** CI and everyday workflows on one project, in the order a team meets them. */
describe('frozen, plan, force, prune and the bundle', () => {
  let fake: FakeUseapi;
  let project: Awaited<ReturnType<typeof createTempProject>>;
  let withToken: NodeJS.ProcessEnv;
  const withoutToken = envFor({});

  beforeAll(async () => {
    fake = await startFakeUseapi();
    project = await createTempProject();
    withToken = envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});
  });
  afterAll(async () => {
    await fake?.close();
    await project?.remove();
  });

  const cli = (args: string[], env = withToken) => runNarrationCli(args, {cwd: project.root, env});

  it('prepare --frozen fails listing every cue without audio, and makes no request', async () => {
    const result = await cli(['prepare', '--frozen']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${cueCount} of ${cueCount} cue(s) have no audio in the cache (--frozen makes no request):`);
    for (const cue of narration.cues) expect(result.stderr).toContain(`cue "${cue.id}" ("${cue.text}")`);
    expect(fake.requests).toHaveLength(0);
  });

  it('plan says what would be generated, with no request and no file', async () => {
    const result = await cli(['plan', '--json']);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as {providerId: string; clipsToGenerate: number; characters: number; estimatedSeconds: number};
    expect(plan.providerId).toBe('kling');
    expect(plan.clipsToGenerate).toBe(clipCount);
    // What is sent: pronunciations applied, bookmarks taken out.
    const spoken = narration.cues.flatMap((cue) => clipRequestsForCue({narration, cue, provider: 'kling'}).map((request) => request.text));
    expect(plan.characters).toBe(spoken.reduce((sum, text) => sum + [...text].length, 0));
    expect(plan.estimatedSeconds).toBeGreaterThan(10);
    expect(fake.requests).toHaveLength(0);
    await expect(readdir(path.join(project.publicDir, 'narration'))).rejects.toThrow();
  });

  it('plan on a new project prints only what a user can act on, and names the cue a shared clip is made for', async () => {
    const cues = [...narration.cues, {id: 'recap', text: narration.cues[0]!.text}];
    const result = await cli(['plan', '--props', JSON.stringify({narration: {...narration, cues}})]);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/404|Not Found|manifest\.json/);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Explainer/recap: same clip as Explainer/intro (made once)');
    expect(result.stdout).toContain(`Would generate ${clipCount} clip(s) for ${cueCount + 1} of ${cueCount + 1} cue(s)`);
    // A paragraph cue shows the clips it is split into.
    expect(result.stdout).toMatch(/Explainer\/cues: \d clips, \d+ characters, ~[\d.]+ s\n {6}1\. \[to generate, ~[\d.]+ s\] "A cue is a stable id/);
    await expect(readdir(path.join(project.publicDir, 'narration'))).rejects.toThrow();
  });

  it('prepare --frozen passes with no request once the audio is cached, even without a token', async () => {
    const prepared = await cli(['prepare', '--json']);
    expect(prepared.code).toBe(0);
    const summary = JSON.parse(prepared.stdout) as {ok: boolean; generated: number; requests: number; cues: {status: string}[]};
    expect(summary).toMatchObject({ok: true, generated: clipCount, requests: clipCount});
    expect(summary.cues.every((cue) => cue.status === 'generated')).toBe(true);

    const requestsBefore = fake.requests.length;
    const frozen = await cli(['prepare', '--frozen'], withoutToken);
    expect(frozen.code).toBe(0);
    expect(frozen.stdout).toContain(`All ${cueCount} cue(s) have their audio (kling); no request made.`);
    expect(fake.requests.length).toBe(requestsBefore);
  });

  it('prepare --force regenerates the given cues only', async () => {
    const before = fake.count(CREATE);
    const result = await cli(['prepare', '--force', 'intro,outro']);
    expect(result.code).toBe(0);
    expect(fake.count(CREATE)).toBe(before + 2);
  });

  it('prune deletes audio no cue uses (and --dry-run only lists it)', async () => {
    const changed = {narration: {...narration, cues: narration.cues.map((cue, i) => (i === 0 ? {...cue, text: 'A replaced first line.'} : cue))}};
    const propsFile = path.join(project.root, 'changed-props.json');
    await writeFile(propsFile, JSON.stringify(changed));
    expect((await cli(['prepare', '--props', propsFile])).code).toBe(0);
    const manifestFile = path.join(project.publicDir, MANIFEST_PATH);
    expect(Object.keys((await readManifestFile(manifestFile)).clips)).toHaveLength(clipCount + 1);

    // With the changed props, the original first line is used by no cue.
    const dryRun = await cli(['prune', '--dry-run', '--props', propsFile]);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain(`would delete narration/`);
    // The clip as it was spoken (pronunciations applied).
    const [firstClip] = clipRequestsForCue({narration, cue: narration.cues[0]!, provider: 'kling'});
    expect(dryRun.stdout).toContain(`("${firstClip!.text}")`);
    expect(Object.keys((await readManifestFile(manifestFile)).clips)).toHaveLength(clipCount + 1);

    const pruned = await cli(['prune', '--props', propsFile]);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain(`Deleted 1 unused clip(s)`);
    const manifest = await readManifestFile(manifestFile);
    expect(Object.keys(manifest.clips)).toHaveLength(clipCount);
    const files = (await readdir(path.join(project.publicDir, 'narration'))).filter((file) => file.endsWith('.mp3'));
    expect(files).toHaveLength(clipCount);
    await rm(propsFile);
  });

  it('the bundle carries every clip and the manifest, and gets the narrated duration (Lambda, deploySite)', async () => {
    // Restore the default first line, as the render below uses the default props.
    expect((await cli(['prepare'])).code).toBe(0);
    const outDir = path.join(project.root, 'bundle-out');
    const serveUrl = await bundle({entryPoint: path.join(project.root, 'compositions/index.ts'), publicDir: project.publicDir, outDir});
    const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    const bundledFiles = await readdir(path.join(outDir, 'public', 'narration'));
    expect(bundledFiles).toContain('manifest.json');
    for (const clip of Object.values(manifest.clips)) expect(bundledFiles).toContain(path.basename(clip.file));

    const composition = await selectComposition({serveUrl, id: 'Explainer', browserExecutable: narrationBrowserExecutable(), logLevel: 'error'});
    const timeline = await resolveNarrationTimeline({narration, manifest, fps: 30, compositionId: 'Explainer', allowMissing: false});
    expect(composition.durationInFrames).toBe(timeline.durationInFrames);
    expect(composition.fps).toBe(30);
  });
});
