import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {measureMp3, SILENCE_THRESHOLD} from '../../src/node/mp3/measure-mp3.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {fakeClipFormat, startFakeUseapi, synthesizeVariedClip, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {FAKE_MP3_ENCODINGS, FAKE_VARIED_SAMPLE_RATES, type FakeClipFormat} from '../fake-useapi/varied-mp3.ts';
import {endErrorsInSeconds} from '../helpers/end-errors.ts';
import {onsetErrorsInSeconds} from '../helpers/onset-errors.ts';
import {playedLengthInSeconds} from '../helpers/played-length.ts';
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
/** A paragraph cue is several clips: the example's cues make this many. */
const clipCount = narration.cues.reduce((sum, cue) => sum + clipRequestsForCue({narration, cue, provider: 'kling'}).length, 0);
/** Renders measure the narration alone: the example's music stays out. */
const WITHOUT_MUSIC = JSON.stringify({music: false});

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
    // MP3s as varied as real encoders write them (see FakeMp3Style): CBR with and without a
    // LAME tag, VBR with and without a Xing header, some behind a 100 KB ID3v2 tag, at 24 and
    // 44.1 kHz, with different silences. At 24 kHz a tagged clip's 1105-sample codec delay is
    // 46 ms, more than a frame, so a player that ignored the gapless header would fail the
    // onset check; a VBR clip without a Xing header that the store did not repair would be cut
    // short of its speech and fail the end check.
    fake = await startFakeUseapi({mp3Style: 'varied'});
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
    expect(cold.stdout).toContain(`Narrated: Explainer (${narration.cues.length} cues)`);
    expect(clipCount).toBeGreaterThan(narration.cues.length);
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

    const warm = await runNarrationCli(['prepare'], {cwd: project.root, env});
    expect(warm.code).toBe(0);
    expect(warm.stdout).toContain(`Everything was cached: ${narration.cues.length} cue(s), no speech request made.`);
    expect(fake.count(CREATE)).toBe(clipCount);
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
    const render = await runRemotionCli(['render', 'Explainer', mp4, '--scale=0.25', `--props=${WITHOUT_MUSIC}`, '--log=error'], {cwd: project.root, env});
    expect(render.stderr).toBe('');
    expect(render.code).toBe(0);
    expect(await probeVideoFrameCount(mp4, project.root)).toBe(timeline.durationInFrames);
    const mp4Audio = await decodeAudioTrack(mp4, project.root);
    expect(rms(mp4Audio)).toBeGreaterThan(0.02);

    // Onsets are measured on a wav render: an mp4's AAC track adds ~43 ms of encoder priming
    // when decoded, which is a property of AAC, not of the placement.
    const wav = path.join(project.root, 'out', 'demo.wav');
    const wavRender = await runRemotionCli(['render', 'Explainer', wav, '--codec=wav', `--props=${WITHOUT_MUSIC}`, '--log=error'], {cwd: project.root, env});
    expect(wavRender.code).toBe(0);
    const samples = await decodeAudioTrack(wav, project.root);
    // The audio lasts as long as the video: no clip runs past the end.
    expect(Math.abs((await probeAudioDurationInSeconds(wav, project.root)) - timeline.durationInFrames / FPS)).toBeLessThan(0.5 / FPS);
    expectEveryClipOnTimeAndWhole({timeline, samples, label: 'Explainer'});
    // Nothing plays after the timeline says the last cue ended.
    const last = timeline.cues.at(-1)!;
    const lastEnd = Math.ceil(((last.startFrame + last.durationInFrames) / FPS) * ANALYSIS_SAMPLE_RATE);
    expect(firstLoudSample(samples, lastEnd + Math.round(0.05 * ANALYSIS_SAMPLE_RATE), samples.length, SILENCE_THRESHOLD * 4)).toBe(-1);
  }, 300_000);

  it('plays every kind of MP3 a service may send from its planned onset to its planned end', async () => {
    // The default cues do not hold every kind: add lines that do, at both sample rates, with
    // and without the big ID3v2 tag, and VBR clips without a Xing header whose header estimate
    // (what a render plays) ends before their speech, so that the end check fails if the
    // store stops repairing headers.
    const lines = await linesOfEveryKind();
    const cues = lines.map(({text}, index) => ({id: `kind-${index + 1}`, text}));
    const props = JSON.stringify({music: false, narration: {...narration, cues}});
    const prepare = await runNarrationCli(['prepare', '--props', props], {cwd: project.root, env});
    expect(prepare.code, prepare.stderr).toBe(0);
    const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    const timeline = await resolveNarrationTimeline({narration: {...narration, cues}, manifest, fps: FPS, compositionId: 'Explainer', allowMissing: false});

    const wav = path.join(project.root, 'out', 'kinds.wav');
    const render = await runRemotionCli(['render', 'Explainer', wav, '--codec=wav', `--props=${props}`, '--log=error'], {cwd: project.root, env});
    expect(render.code, render.stderr).toBe(0);
    const samples = await decodeAudioTrack(wav, project.root);
    console.log(
      `Clips by kind: ${lines.map(({format, cutInSeconds}, index) => `kind-${index + 1} ${describeFormat(format)}${cutInSeconds > 0 ? ` (unrepaired: ${cutInSeconds.toFixed(2)} s of speech cut)` : ''}`).join('; ')}`,
    );
    expectEveryClipOnTimeAndWhole({timeline, samples, label: 'every kind'});
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

/** Largest distance from a clip's planned speech start to the sound's start in a wav render: measured ≤ 1 ms. */
const ONSET_TOLERANCE_IN_SECONDS = 0.005;
/** Largest distance from a clip's planned speech end to the sound's end. */
const END_TOLERANCE_IN_SECONDS = 0.03;

/**
 * Every clip's speech starts within a frame (and within 5 ms) of its planned start, and ends
 * within 30 ms of its planned end: it played, and played whole. Prints the errors.
 */
const expectEveryClipOnTimeAndWhole = ({timeline, samples, label}: {timeline: NarrationTimeline; samples: Float32Array; label: string}) => {
  const onsets = onsetErrorsInSeconds(timeline, samples);
  const ends = endErrorsInSeconds(timeline, samples);
  const ms = (seconds: number) => (seconds * 1000).toFixed(1);
  console.log(`${label}: onset error per clip (rendered wav, ms): ${onsets.map((e) => `${e.cueId} ${ms(e.errorInSeconds)}`).join(', ')}`);
  console.log(`${label}: end error per clip (rendered wav, ms): ${ends.map((e) => `${e.cueId} ${ms(e.errorInSeconds)}`).join(', ')}`);
  for (const {cueId, clipIndex, errorInSeconds} of onsets) {
    expect(Math.abs(errorInSeconds), `onset of cue ${cueId}, clip ${clipIndex}`).toBeLessThanOrEqual(1 / FPS);
    // What was measured here is sample-accurate; keep it so.
    expect(Math.abs(errorInSeconds), `onset of cue ${cueId}, clip ${clipIndex}`).toBeLessThanOrEqual(ONSET_TOLERANCE_IN_SECONDS);
  }
  for (const {cueId, clipIndex, errorInSeconds} of ends) {
    expect(Math.abs(errorInSeconds), `end of cue ${cueId}, clip ${clipIndex}`).toBeLessThanOrEqual(END_TOLERANCE_IN_SECONDS);
  }
};

type KindLine = {text: string; format: FakeClipFormat; cutInSeconds: number};

/**
 * Speech a render would lose from the clip as the fake sends it (played only up to ffprobe's
 * length estimate), in seconds; ≤ 0 when none.
 */
const speechCutWithoutRepair = async (text: string, format: FakeClipFormat): Promise<number> => {
  const mp3 = await synthesizeVariedClip({text, speed: 1, format});
  const audio = await measureMp3({data: mp3, name: text});
  return audio.durationInSeconds - audio.trailingSilenceInSeconds - (await playedLengthInSeconds(mp3));
};

type WantedKind = Pick<FakeClipFormat, 'encoding' | 'sampleRate' | 'bigId3v2Tag'> & {mustBeCut: boolean};

/**
 * One line per kind: every encoding at both sample rates, with the big ID3v2 tag at one of
 * them; VBR without a Xing header at both rates losing more than 0.1 s of speech unrepaired
 * (with a cover picture ffmpeg averages the bitrate over ~5 s, which seldom cuts a clip this
 * short, so those two have no tag and a third one has it).
 */
const WANTED_KINDS: WantedKind[] = [
  ...FAKE_MP3_ENCODINGS.filter((encoding) => encoding !== 'vbr-no-xing').flatMap((encoding) =>
    FAKE_VARIED_SAMPLE_RATES.map((sampleRate, index) => ({encoding, sampleRate, bigId3v2Tag: index === 0, mustBeCut: false})),
  ),
  ...FAKE_VARIED_SAMPLE_RATES.map((sampleRate) => ({encoding: 'vbr-no-xing' as const, sampleRate, bigId3v2Tag: false, mustBeCut: true})),
  {encoding: 'vbr-no-xing', sampleRate: FAKE_VARIED_SAMPLE_RATES[0], bigId3v2Tag: true, mustBeCut: false},
];

/** The first lines of a fixed list that give each of WANTED_KINDS (deterministic). */
const linesOfEveryKind = async (): Promise<KindLine[]> => {
  const found: (KindLine | undefined)[] = WANTED_KINDS.map(() => undefined);
  for (let n = 1; n <= 400 && found.includes(undefined); n++) {
    const text = `Line ${n} is one full sentence of narration, about as long as the lines of a real video.`;
    const format = fakeClipFormat(text, 'varied');
    const slot = WANTED_KINDS.findIndex(
      (want, index) =>
        found[index] === undefined && want.encoding === format.encoding && want.sampleRate === format.sampleRate && want.bigId3v2Tag === format.bigId3v2Tag,
    );
    if (slot === -1) continue;
    const cutInSeconds = format.encoding === 'vbr-no-xing' ? await speechCutWithoutRepair(text, format) : 0;
    if (WANTED_KINDS[slot]!.mustBeCut && cutInSeconds < 0.1) continue;
    found[slot] = {text, format, cutInSeconds};
  }
  const missing = WANTED_KINDS.filter((_, index) => found[index] === undefined).map(describeFormat);
  expect(missing, 'kinds no line of the list gives').toEqual([]);
  return found as KindLine[];
};

const describeFormat = ({encoding, sampleRate, bigId3v2Tag}: Pick<FakeClipFormat, 'encoding' | 'sampleRate' | 'bigId3v2Tag'>): string =>
  `${encoding} ${sampleRate / 1000} kHz${bigId3v2Tag ? ' + ID3v2 100 KB' : ''}`;

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
