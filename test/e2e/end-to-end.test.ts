import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {SILENCE_THRESHOLD} from '../../src/node/mp3/measure-mp3.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {onsetErrorsInSeconds} from '../helpers/onset-errors.ts';
import {
  ANALYSIS_SAMPLE_RATE,
  decodeAudioTrack,
  firstLoudSample,
  probeAudioDurationInSeconds,
  probeVideoFrameCount,
  rms,
} from '../helpers/rendered-audio.ts';
import {envFor, runNarrationCli, runRemotionCli} from '../helpers/run-command.ts';
import {createTempProject} from '../helpers/temp-project.ts';

const FPS = 30;
const CREATE = '/v1/kling/tts/create';
const narration = explainerDefaultProps.narration;

/**
 * The whole path a user takes: prepare against a fake useapi.net over real HTTP, then
 * `npx remotion render` in real headless Chromium, then the rendered files are decoded and
 * checked against the timeline.
 */
describe('prepare, then render', () => {
  let fake: FakeUseapi;
  let project: Awaited<ReturnType<typeof createTempProject>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // 24 kHz: a tagged clip's 1105-sample codec delay is then 46 ms, more than a frame, so a
    // player that ignores the gapless header fails the onset check.
    fake = await startFakeUseapi({sampleRate: 24_000});
    project = await createTempProject();
    env = envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});
  });

  afterAll(async () => {
    await fake?.close();
    await project?.remove();
  });

  const timelineOnDisk = async (): Promise<NarrationTimeline> =>
    resolveNarrationTimeline({
      narration,
      manifest: await readManifestFile(path.join(project.publicDir, MANIFEST_PATH)),
      fps: FPS,
      compositionId: 'Explainer',
      allowMissing: false,
    });

  it('generates every cue once, then makes no call when nothing changed', async () => {
    const cold = await runNarrationCli(['prepare'], {cwd: project.root, env});
    expect(cold.stderr).toBe('');
    expect(cold.code).toBe(0);
    expect(cold.stdout).toContain('Narrated: Explainer (6 cues)');
    expect(fake.count(CREATE)).toBe(narration.cues.length);

    const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    expect(manifest.compositions.Explainer?.provider).toBe('kling');
    const clips = Object.values(manifest.clips);
    expect(clips).toHaveLength(narration.cues.length);
    const files = await readdir(path.join(project.publicDir, 'narration'));
    expect(files.filter((file) => file.endsWith('.mp3')).sort()).toEqual(clips.map((clip) => path.basename(clip.file)).sort());
    expect(files.some((file) => file.endsWith('.tmp'))).toBe(false);
    for (const clip of clips) {
      expect(clip.audio.durationInSeconds).toBeGreaterThan(1);
      expect(clip.audio.leadingSilenceInSeconds).toBeGreaterThan(0.1);
    }

    const warm = await runNarrationCli(['prepare'], {cwd: project.root, env});
    expect(warm.code).toBe(0);
    expect(warm.stdout).toContain('Everything was cached: 6 cue(s), no speech request made.');
    expect(fake.count(CREATE)).toBe(narration.cues.length);
  });

  it('makes exactly one call for a changed line and none for a renamed cue', async () => {
    const before = fake.count(CREATE);
    const cues = narration.cues.map((cue, index) =>
      index === 1 ? {...cue, text: `${cue.text} Really.`} : index === 2 ? {...cue, id: 'renamed-prepare'} : cue,
    );
    const props = JSON.stringify({narration: {...narration, cues}});
    const result = await runNarrationCli(['prepare', '--props', props], {cwd: project.root, env});
    expect(result.code).toBe(0);
    expect(fake.count(CREATE)).toBe(before + 1);
    expect(result.stdout).toContain('Explainer/cues');
  });

  it('fails a moderated line by name and keeps everything else', async () => {
    const before = fake.count(CREATE);
    const cues = [
      ...narration.cues,
      {id: 'bad-line', text: 'This line is forbidden.'},
      {id: 'new-line', text: 'A brand new line that is fine.'},
    ];
    const props = JSON.stringify({narration: {...narration, cues}});
    const result = await runNarrationCli(['prepare', '--props', props], {cwd: project.root, env});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Composition "Explainer", cue "bad-line" ("This line is forbidden.") was refused by Kling\'s moderation');
    expect(result.stderr).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    expect(fake.count(CREATE)).toBe(before + 2); // moderated once, never retried; the new line generated

    // The refusal is remembered: the next run fails the line at once, without asking again.
    const again = await runNarrationCli(['prepare', '--props', props], {cwd: project.root, env});
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('was refused by Kling\'s moderation on an earlier run');
    expect(fake.count(CREATE)).toBe(before + 2);
  });

  it('renders a video as long as the timeline, with every cue audible where the timeline puts it', async () => {
    const timeline = await timelineOnDisk();
    const mp4 = path.join(project.root, 'out', 'demo.mp4');
    // Scaled down: this checks length and audio, not pixels, on a 2-core machine.
    const render = await runRemotionCli(['render', 'Explainer', mp4, '--scale=0.25', '--log=error'], {cwd: project.root, env});
    expect(render.stderr).toBe('');
    expect(render.code).toBe(0);
    expect(await probeVideoFrameCount(mp4, project.root)).toBe(timeline.durationInFrames);
    const mp4Audio = await decodeAudioTrack(mp4, project.root);
    expect(rms(mp4Audio)).toBeGreaterThan(0.02);

    // Onsets are measured on a wav render: an mp4's AAC track adds ~43 ms of encoder priming
    // when decoded, which is a property of AAC, not of the placement.
    const wav = path.join(project.root, 'out', 'demo.wav');
    const wavRender = await runRemotionCli(['render', 'Explainer', wav, '--codec=wav', '--log=error'], {cwd: project.root, env});
    expect(wavRender.code).toBe(0);
    const samples = await decodeAudioTrack(wav, project.root);
    // The audio lasts as long as the video: no clip runs past the end.
    expect(Math.abs((await probeAudioDurationInSeconds(wav, project.root)) - timeline.durationInFrames / FPS)).toBeLessThan(0.5 / FPS);
    const errors = onsetErrorsInSeconds(timeline, samples);
    console.log(
      `Onset error per cue (rendered wav, ms): ${errors.map((e) => `${e.cueId} ${(e.errorInSeconds * 1000).toFixed(1)}`).join(', ')}`,
    );
    for (const {cueId, errorInSeconds} of errors) {
      expect(Math.abs(errorInSeconds), `cue ${cueId}`).toBeLessThanOrEqual(1 / FPS);
      // What was measured here is sample-accurate; keep it so.
      expect(Math.abs(errorInSeconds), `cue ${cueId}`).toBeLessThanOrEqual(0.005);
    }
    // Nothing plays after the timeline says the last cue ended.
    const last = timeline.cues.at(-1)!;
    const lastEnd = Math.ceil(((last.startFrame + last.durationInFrames) / FPS) * ANALYSIS_SAMPLE_RATE);
    expect(firstLoudSample(samples, lastEnd + Math.round(0.05 * ANALYSIS_SAMPLE_RATE), samples.length, SILENCE_THRESHOLD * 4)).toBe(-1);
  }, 300_000);

  it('says a cue without audio must be prepared, instead of rendering silence', async () => {
    const props = JSON.stringify({narration: {...narration, cues: [{id: 'unprepared', text: 'Nobody prepared this line.'}]}});
    const render = await runRemotionCli(['render', 'Explainer', path.join(project.root, 'out', 'x.mp4'), `--props=${props}`], {
      cwd: project.root,
      env,
    });
    expect(render.code).not.toBe(0);
    expect(render.stdout + render.stderr).toContain('narration cue "unprepared" ("Nobody prepared this line.") has no audio yet');
    expect(render.stdout + render.stderr).toContain('npx remotion-narration prepare');
  });

  it('never lets the token reach a file, the bundle, a log line or an error message', async () => {
    const token = fake.token;
    const outputs: string[] = [];
    const cues = [...narration.cues, {id: 'verbose', text: 'A line prepared with verbose output.'}];
    const verbose = await runNarrationCli(['prepare', '--verbose', '--props', JSON.stringify({narration: {...narration, cues}})], {cwd: project.root, env});
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toContain('POST 127.0.0.1');
    expect(verbose.stdout).toContain('"Authorization":"Bearer [redacted]"');
    outputs.push(verbose.stdout, verbose.stderr);
    fake.failNext('create', {status: 401, body: {error: 'Unauthorized', code: 401}});
    const refused = await runNarrationCli(['prepare', '--verbose', '--props', JSON.stringify({narration: {...narration, cues: [{id: 'x', text: 'Refused.'}]}})], {cwd: project.root, env});
    expect(refused.code).toBe(1);
    outputs.push(refused.stdout, refused.stderr);
    const bundle = await runRemotionCli(['bundle', '--out-dir', path.join(project.root, 'build')], {cwd: project.root, env});
    expect(bundle.code, bundle.stderr).toBe(0);
    outputs.push(bundle.stdout, bundle.stderr);

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
