import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {quoteCueText} from '../../src/core/quote-cue-text.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import {prepareNarration, type PrepareNarrationOptions} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider, type HttpLogEntry} from '../../src/node/providers/kling/create-kling-provider.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {decodeAudioTrack, probeVideoFrameCount, rms} from '../helpers/rendered-audio.ts';
import {envFor, runNarrationCli, runRemotionCli, type CommandResult} from '../helpers/run-command.ts';
import {srtOfTimeline} from '../helpers/srt-of-timeline.ts';
import {createReusedTempProject, REPO_ROOT, type TempProject} from '../helpers/temp-project.ts';
import {sharedTestBundle, TEST_ENTRY_POINT} from '../helpers/test-bundle.ts';
import {openTestRemotion, type TestRemotion} from '../helpers/test-remotion.ts';

const FPS = 30;
const CREATE = '/v1/kling/tts/create';
const narration = explainerDefaultProps.narration;
const cueCount = narration.cues.length;
/** A paragraph cue is several clips: the example's cues make this many. */
const clipCount = narration.cues.reduce((sum, cue) => sum + clipRequestsForCue({narration, cue, provider: 'kling'}).length, 0);
/** Renders measure the narration alone: the example's music stays out. */
const WITHOUT_MUSIC = {music: false};

/**
 * The whole path a user takes, on a copy of the example project: the README's commands run as a
 * user runs them (`remotion-narration plan`, `prepare`, `prepare --frozen`, `captions`, `npx
 * remotion bundle` and `render`) against a fake useapi.net over real HTTP; the narration commands
 * read the compositions from an already bundled site, as CI does after `npx remotion bundle`. What needs no command
 * to be proved runs in process, where a CLI run would only add a bundle (~2 s of CPU warm, ~15 s
 * cold) and a browser start: prepare's logic (`prepareNarration`, the library the CLI runs) on
 * compositions read from the shared bundle of the test compositions (`openTestRemotion`). The
 * example's whole render is checked in captions-and-ducking.test.ts.
 */
/** A line the moderation test adds to the example, and the render test renders alone. */
const NEW_LINE = {id: 'new-line', text: 'A brand new line that is fine.'};

describe('the example project, prepared and rendered', () => {
  let fake: FakeUseapi;
  let project: TempProject;
  let opened: Promise<TestRemotion> | undefined;
  /** Opened when first needed: the CLI runs before it need no bundle, and another file may be making it. */
  const remotion = () => (opened ??= openTestRemotion({publicDir: project.publicDir, folder: path.join(project.root, 'out')}));
  let env: NodeJS.ProcessEnv;
  /** Everything every command printed: none of it may hold the token. */
  const outputs: string[] = [];

  /**
   * A real CLI run in the project, its output kept for the token check. `bundled`: the Explainer
   * read from the test compositions' shared bundle, given as the entry point as a user gives
   * `npx remotion bundle`'s folder (no bundle of its own: ~2-15 s of CPU each), for runs where what
   * is tested comes after the compositions are read.
   */
  const cli = async ([command, ...args]: string[], {withToken = true, bundled = false} = {}): Promise<CommandResult> => {
    const entry = bundled ? [await sharedTestBundle(), '--composition', 'Explainer'] : [];
    const result = await runNarrationCli([command!, ...entry, ...args], {cwd: project.root, env: withToken ? env : envFor({})});
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  let site: Promise<string> | undefined;
  /**
   * The site `npx remotion bundle` makes in the project, with the token set as a deploy would
   * (Lambda, deploySite), once the audio is prepared: its copy of public/ carries the clips. The
   * render reads it, and the token check searches it. It is the test compositions' (the example's
   * Root among them) bundled from this repository with the project's public folder
   * (`--public-dir`): the configuration of the shared test bundle, which webpack's cache already
   * holds (~3 s of CPU instead of ~16 s cold). From the project's own folder the configuration
   * would differ, and the Remotion CLI clears every other cached configuration before bundling
   * (cold bundles for the files running beside this one). `prepare` bundling a project's own
   * sources is run in packed-install.test.ts.
   */
  const bundledSite = () =>
    (site ??= (async () => {
      await sharedTestBundle();
      const bundle = await runRemotionCli(['bundle', TEST_ENTRY_POINT, '--public-dir', project.publicDir, '--out-dir', path.join(project.root, 'build')], {cwd: REPO_ROOT, env});
      outputs.push(bundle.stdout, bundle.stderr);
      expect(bundle.code, bundle.stderr).toBe(0);
      return path.join(project.root, 'build');
    })());
  /** prepare's logic in process, on the project, with Kling against the fake (as the CLI with USEAPI_TOKEN). */
  const prepare = (options: Omit<PrepareNarrationOptions, 'provider' | 'publicDir'>, onHttp?: (entry: HttpLogEntry) => void) =>
    prepareNarration({...options, provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl, onHttp}), publicDir: project.publicDir});
  /** The Explainer as prepare reads it with these input props (`--props`). */
  const explainerWith = async (inputProps: Record<string, unknown>) => (await remotion()).narratedComposition({id: 'Explainer', inputProps});
  const timelineOnDisk = async (of: Narration = narration): Promise<NarrationTimeline> =>
    resolveNarrationTimeline({
      narration: of,
      manifest: await readManifestFile(path.join(project.publicDir, MANIFEST_PATH)),
      fps: FPS,
      compositionId: 'Explainer',
      allowMissing: false,
    });

  beforeAll(async () => {
    // MP3s as varied as real encoders write them (see FakeMp3Style): CBR with and without a
    // LAME tag, VBR with and without a Xing header, some behind a 100 KB ID3v2 tag, at 24 and
    // 44.1 kHz, with different silences: the store must measure each and repair exactly the
    // headers players would misread.
    fake = await startFakeUseapi({mp3Style: 'varied'});
    // At the same path from run to run: the CLI's bundles stay warm in webpack's cache.
    project = await createReusedTempProject('end-to-end');
    env = envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});
  });

  afterAll(async () => {
    await (await opened)?.close();
    await fake?.close();
    await project?.remove();
  });

  it('plan on a new project prints only what a user can act on, and names the cue a shared clip is made for', async () => {
    const cues = [...narration.cues, {id: 'recap', text: narration.cues[0]!.text}];
    const propsFile = path.join(project.root, 'recap-props.json');
    await writeFile(propsFile, JSON.stringify({narration: {...narration, cues}}));
    const result = await cli(['plan', '--props', propsFile], {bundled: true});
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/404|Not Found|manifest\.json/);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Explainer/recap: same clip as Explainer/intro (made once)');
    expect(result.stdout).toContain(`Would generate ${clipCount} clip(s) for ${cueCount + 1} of ${cueCount + 1} cue(s)`);
    // A paragraph cue shows the clips it is split into.
    expect(result.stdout).toMatch(/Explainer\/cues: \d clips, \d+ characters, ~[\d.]+ s\n {6}1\. \[to generate, ~[\d.]+ s\] "A cue is a stable id/);
    expect(fake.requests).toHaveLength(0);
    await expect(readdir(path.join(project.publicDir, 'narration'))).rejects.toThrow();
  });

  it('prepare --frozen fails listing every cue without audio, and makes no request', async () => {
    const result = await cli(['prepare', '--frozen'], {withToken: false, bundled: true});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${cueCount} of ${cueCount} cue(s) have no audio in the cache (--frozen makes no request):`);
    // Each cue by its id, and only the start of its text: a paragraph cue's text can be kilobytes.
    for (const cue of narration.cues) expect(result.stderr).toContain(`cue "${cue.id}" (${quoteCueText(cue.text)})`);
    expect(result.stderr).toMatch(/…"\)/);
    expect(fake.requests).toHaveLength(0);
  });

  it('generates every cue once, then makes no call when nothing changed, and --frozen passes without a token', async () => {
    const cold = await cli(['prepare'], {bundled: true});
    expect(cold.stderr).toBe('');
    expect(cold.code).toBe(0);
    expect(cold.stdout).toContain(`Narrated: Explainer (${cueCount} cues)`);
    // How loud the voice came out of the service (the fake speaks at about -13.5 LUFS).
    expect(cold.stdout).toMatch(new RegExp(`Loudness as the voice speaks it: ${narration.voice.speakerId} -1[34]\\.\\d LUFS \\(${cueCount} cue\\(s\\)\\)`));
    expect(clipCount).toBeGreaterThan(cueCount);
    expect(fake.count(CREATE)).toBe(clipCount);

    const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    expect(manifest.compositions.Explainer?.provider).toBe('kling');
    const clips = Object.values(manifest.clips);
    expect(clips).toHaveLength(clipCount);
    const files = await readdir(path.join(project.publicDir, 'narration'));
    expect(files.filter((file) => file.endsWith('.mp3')).sort()).toEqual(clips.map((clip) => path.basename(clip.file)).sort());
    expect(files.some((file) => file.endsWith('.tmp'))).toBe(false);
    for (const clip of clips) {
      const format = fake.clipFormat(clip.text);
      expect(clip.audio.durationInSeconds).toBeGreaterThan(1);
      // The silence the fake put before the speech (the varied style's differs per clip).
      // An MP3 encoder spreads a sudden onset (the fake's consonant noise) backwards by up to one
      // granule of 576 samples (pre-echo), so sound may start that much before the fake's silence ends.
      expect(clip.audio.leadingSilenceInSeconds, clip.text).toBeGreaterThan(format.leadingSilenceInSeconds - 576 / format.sampleRate - 0.003);
      expect(clip.audio.sampleRate, clip.text).toBe(format.sampleRate);
      // The store repaired exactly the headers players would misread.
      expect(clip.repaired?.problem ?? null, clip.text).toEqual(format.encoding === 'vbr-no-xing' ? expect.stringContaining('VBR without a frame count') : null);
    }

    // Nothing changed: prepare's logic makes no request...
    const warm = await prepare({compositions: [await explainerWith({})]});
    expect(warm).toMatchObject({synthesizeCalls: 0, generatedClips: 0, cachedClips: clipCount, failedCues: []});
    expect(fake.count(CREATE)).toBe(clipCount);
    // ...and CI's check passes with no token and no request.
    const frozen = await cli(['prepare', '--frozen'], {withToken: false, bundled: true});
    expect(frozen.code, frozen.stderr).toBe(0);
    expect(frozen.stdout).toContain(`All ${cueCount} cue(s) have their audio (kling); no request made.`);
    expect(fake.count(CREATE)).toBe(clipCount);
  });

  it('without a token, prepare refuses to switch a Kling-narrated project to the draft voice', async () => {
    const requests = fake.requests.length;
    const refused = await cli(['prepare'], {withToken: false, bundled: true});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'Error: USEAPI_TOKEN is not set, but composition "Explainer" has audio from kling. Set USEAPI_TOKEN to keep that voice, or pass --draft to narrate with the offline draft voice on purpose.\n',
    );
    expect((await readManifestFile(path.join(project.publicDir, MANIFEST_PATH))).compositions.Explainer?.provider).toBe('kling');
    expect(fake.requests.length).toBe(requests);
  });

  it('makes exactly one call for a changed line and none for a renamed cue', async () => {
    const before = fake.count(CREATE);
    const cues = narration.cues.map((cue, index) =>
      index === 1 ? {...cue, text: `${cue.text} Really.`} : index === 2 ? {...cue, id: 'renamed-prepare'} : cue,
    );
    const result = await prepare({compositions: [await explainerWith({narration: {...narration, cues}})]});
    expect(result.failedCues).toEqual([]);
    expect(fake.count(CREATE)).toBe(before + 1);
    expect(result.outcomes.filter((outcome) => outcome.status === 'generated').map((outcome) => outcome.cueId)).toEqual(['cues']);
    expect(result.outcomes.find((outcome) => outcome.cueId === 'renamed-prepare')?.status).toBe('cached');
  });

  it('fails a moderated line by name and keeps everything else', async () => {
    const before = fake.count(CREATE);
    const cues = [
      ...narration.cues,
      {id: 'bad-line', text: 'This line is forbidden.'},
      NEW_LINE,
    ];
    const composition = await explainerWith({narration: {...narration, cues}});
    const result = await prepare({compositions: [composition]});
    expect(result.failedCues.map((failure) => failure.message)).toEqual([
      expect.stringContaining('Composition "Explainer", cue "bad-line" ("This line is forbidden.") was refused by Kling\'s moderation'),
    ]);
    expect(result.failedCues[0]!.message).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    expect(result.outcomes.find((outcome) => outcome.cueId === 'new-line')?.status).toBe('generated');
    expect(fake.count(CREATE)).toBe(before + 2); // moderated once, never retried; the new line generated

    // The refusal is remembered: the next run fails the line at once, without asking again.
    const again = await prepare({compositions: [composition]});
    expect(again.failedCues.map((failure) => failure.message)).toEqual([expect.stringContaining('was refused by Kling\'s moderation on an earlier run')]);
    expect(fake.count(CREATE)).toBe(before + 2);
  });

  it('npx remotion render makes a video as long as the timeline, with the narration in it, from the site npx remotion bundle made', async () => {
    // A short cut of the example (one short line the moderation test prepared), scaled down:
    // this checks the CLI's render, its length and its audio; the whole example's audio is
    // checked in captions-and-ducking.test.ts.
    const short: Narration = {...narration, cues: [NEW_LINE]};
    const timeline = await timelineOnDisk(short);
    const mp4 = path.join(project.root, 'out', 'short.mp4');
    const render = await runRemotionCli(['render', await bundledSite(), 'Explainer', mp4, '--scale=0.25', `--props=${JSON.stringify({...WITHOUT_MUSIC, narration: short})}`, '--log=error'], {
      cwd: project.root,
      env,
    });
    outputs.push(render.stdout, render.stderr);
    expect(render.stderr).toBe('');
    expect(render.code).toBe(0);
    expect(await probeVideoFrameCount(mp4)).toBe(timeline.durationInFrames);
    expect(rms(await decodeAudioTrack(mp4))).toBeGreaterThan(0.02);
    // The site carries every clip and the manifest, as deploySite and Lambda need (they render from it).
    const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    const bundled = await readdir(path.join(await bundledSite(), 'public', 'narration'));
    expect(bundled).toContain('manifest.json');
    for (const clip of Object.values(manifest.clips)) expect(bundled).toContain(path.basename(clip.file));
  }, 300_000);

  it('captions prints the captions of the stored word times, as the render\'s artifact has them', async () => {
    const command = await cli(['captions', '--format', 'srt'], {bundled: true});
    expect(command.code, command.stderr).toBe(0);
    // The artifact's own content is checked against the same in captions-and-ducking.test.ts.
    expect(command.stdout).toBe(srtOfTimeline(await timelineOnDisk()));
  });

  it('says a cue without audio must be prepared, instead of rendering silence', async () => {
    const inputProps = {narration: {...narration, cues: [{id: 'unprepared', text: 'Nobody prepared this line.'}]}};
    const render = (await remotion()).renderedComposition({id: 'Explainer', inputProps});
    await expect(render).rejects.toThrow('narration cue "unprepared" ("Nobody prepared this line.") has no audio yet');
    await expect(render).rejects.toThrow('npx remotion-narration prepare');
  });

  it('never lets the token reach a file, the bundle, a log line or an error message', async () => {
    const token = fake.token;
    // What --verbose prints (every HTTP exchange), for a new line and for a refused token.
    const http: HttpLogEntry[] = [];
    const cues = [...narration.cues, {id: 'verbose', text: 'A line prepared with verbose output.'}];
    const logged = await prepare({compositions: [await explainerWith({narration: {...narration, cues}})]}, (entry) => http.push(entry));
    expect(logged.failedCues).toEqual([]);
    expect(http.some((entry) => entry.method === 'POST' && entry.url.startsWith('127.0.0.1'))).toBe(true);
    const authorizations = http.map((entry) => entry.requestHeaders.Authorization).filter((value) => value !== undefined);
    expect(authorizations.length).toBeGreaterThan(0);
    expect(new Set(authorizations)).toEqual(new Set(['Bearer [redacted]']));
    fake.failNext('create', {status: 401, body: {error: 'Unauthorized', code: 401}});
    const refused = await prepare({compositions: [await explainerWith({narration: {...narration, cues: [{id: 'x', text: 'Refused.'}]}})]}, (entry) => http.push(entry));
    expect(refused.failedCues).toHaveLength(1);
    expect(http.some((entry) => entry.status === 401)).toBe(true);
    outputs.push(JSON.stringify(http), ...refused.failedCues.flatMap((failure) => [failure.message ?? '', String(failure.error?.stack)]));
    // The site a user deploys, bundled by Remotion's CLI with the token set.
    await bundledSite();
    // prepare reads that site as it is (CI: bundle once, then prepare and render from it).
    const fromSite = await cli(['prepare', 'build', '--composition', 'Explainer', '--frozen'], {withToken: false});
    expect(fromSite.code, fromSite.stderr).toBe(0);
    expect(fromSite.stdout).toContain('have their audio (kling); no request made.');
    await expect(readFile(path.join(project.root, 'build', 'index.html'), 'utf8'), 'the site is the user\'s: left as it was').resolves.toContain('<');

    // Every command run above, and what prepare logged and threw.
    for (const output of outputs) expect(output).not.toContain(token);
    const written = await filesUnder(project.root);
    expect(written.length).toBeGreaterThan(10);
    for (const file of written) {
      expect((await readFile(file)).includes(token), file).toBe(false);
    }
  }, 180_000);
});

/** Every file the project holds, not following the symlinks to the repository's own folders. */
const filesUnder = async (folder: string): Promise<string[]> => {
  const entries = await readdir(folder, {withFileTypes: true});
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isSymbolicLink()) return [];
      return entry.isDirectory() ? filesUnder(full) : [full];
    }),
  );
  return nested.flat();
};
