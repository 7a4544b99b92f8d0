import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {parseSrt} from '@remotion/captions';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import {encodeMp3} from '../../src/node/mp3/encode-mp3.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {ANALYSIS_SAMPLE_RATE, decodeAudioTrack} from '../helpers/rendered-audio.ts';
import {envFor, runNarrationCli, runRemotionCli} from '../helpers/run-command.ts';
import {createTempProject} from '../helpers/temp-project.ts';

const FPS = 30;
const {narration} = explainerDefaultProps;
/** Long pauses: the music has time to come all the way back between cues. */
const musicNarration = {
  voice: {speakerId: 'uk_man2'},
  leadInInSeconds: 2,
  gapInSeconds: 3,
  tailInSeconds: 3,
  cues: [
    {id: 'one', text: 'The music dips while this line is spoken.'},
    {id: 'two', text: 'It comes back up between the lines, then dips again, without a click.'},
    {id: 'three', text: 'And once more for the last line.'},
  ],
};

/**
 * A steady bed (three sines, 10 s, looped), as MP3 like real music beds: its level is the same
 * everywhere, so any change is the ducking.
 */
const bedMp3 = (): Uint8Array => {
  const rate = 44_100;
  const samples = new Int16Array(rate * 10);
  for (let i = 0; i < samples.length; i++) {
    // 200, 300 and 500 Hz: whole periods in 10 s, so the loop has no seam.
    const t = i / rate;
    const value = (Math.sin(2 * Math.PI * 200 * t) + Math.sin(2 * Math.PI * 300 * t) + Math.sin(2 * Math.PI * 500 * t)) / 3;
    samples[i] = Math.round(value * 0.3 * 32767);
  }
  return encodeMp3({channels: [samples], sampleRate: rate, bitRateInKbps: 128});
};

/** A composition with the music only: the narration plays at volume 0, the bed ducked or not. */
const DUCKING_ROOT = `import {Composition, Html5Audio, staticFile} from 'remotion';
import {z} from 'zod';
import {calculateNarrationMetadata, Narration, narrationSchema, useNarrationDucking, type NarratedProps} from '../src/index.ts';
import {Root as ExampleRoot} from './Root.tsx';

const schema = z.object({narration: narrationSchema, duck: z.boolean()});
type Props = z.infer<typeof schema> & NarratedProps;

const Bed = ({duck}: {duck: boolean}) => {
  const ducked = useNarrationDucking();
  return <Html5Audio src={staticFile('bed.mp3')} loop loopVolumeCurveBehavior="extend" volume={duck ? ducked : 1} />;
};

const MusicOnly = ({narrationTimeline, duck}: Props) => (
  <Narration timeline={narrationTimeline} volume={0}>
    <Bed duck={duck} />
  </Narration>
);

export const TestRoot = () => (
  <>
    <ExampleRoot />
    <Composition id="MusicOnly" component={MusicOnly} schema={schema} width={320} height={180}
      calculateMetadata={calculateNarrationMetadata<Props>({fps: ${FPS}})}
      defaultProps={{narration: ${JSON.stringify(musicNarration)}, duck: true}} />
  </>
);
`;

/** RMS of `samples` in [from, to) seconds. */
const rmsBetween = (samples: Float32Array, from: number, to: number): number => {
  const start = Math.max(0, Math.round(from * ANALYSIS_SAMPLE_RATE));
  const end = Math.min(samples.length, Math.round(to * ANALYSIS_SAMPLE_RATE));
  let sum = 0;
  for (let i = start; i < end; i++) sum += samples[i]! ** 2;
  return Math.sqrt(sum / Math.max(1, end - start));
};

const decibels = (ratio: number) => 20 * Math.log10(ratio);

describe('the example rendered: captions and ducked music', () => {
  let fake: FakeUseapi;
  let project: Awaited<ReturnType<typeof createTempProject>>;
  let env: NodeJS.ProcessEnv;
  let timeline: NarrationTimeline;

  beforeAll(async () => {
    fake = await startFakeUseapi({mp3Style: 'varied'});
    project = await createTempProject();
    env = envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});
    await writeFile(path.join(project.publicDir, 'bed.mp3'), bedMp3());
    await writeFile(path.join(project.root, 'compositions', 'TestRoot.tsx'), DUCKING_ROOT);
    await writeFile(path.join(project.root, 'compositions', 'index.ts'), `import {registerRoot} from 'remotion';\nimport {TestRoot} from './TestRoot.tsx';\n\nregisterRoot(TestRoot);\n`);
    const prepared = await runNarrationCli(['prepare'], {cwd: project.root, env});
    expect(prepared.code, prepared.stderr).toBe(0);
    timeline = await resolveNarrationTimeline({
      narration,
      manifest: await readManifestFile(path.join(project.publicDir, MANIFEST_PATH)),
      fps: FPS,
      compositionId: 'Explainer',
      allowMissing: false,
    });
  }, 240_000);

  afterAll(async () => {
    await fake?.close();
    await project?.remove();
  });

  it('writes an SRT artifact whose captions are the stored word times, and the captions command agrees', async () => {
    const render = await runRemotionCli(['render', 'Explainer', path.join(project.root, 'out', 'example.wav'), '--codec=wav', '--log=error'], {
      cwd: project.root,
      env,
    });
    expect(render.code, render.stderr).toBe(0);
    const srt = await readFile(path.join(project.root, 'out', 'Explainer', 'captions.srt'), 'utf8');
    const captions = parseSrt({input: srt}).captions;
    const words = timeline.cues.flatMap((cue) => cue.clips.flatMap((clip) => clip.words));
    // Every word, as written (no pronunciation, no mark), in order.
    expect(captions.map((caption) => caption.text).join(' ').replace(/\s+/g, ' ')).toBe(words.map((word) => word.text).join(' '));
    expect(srt).toContain('Remotion');
    expect(srt).not.toContain('Ree-motion');
    expect(srt).not.toContain('<mark');
    // Each caption appears when its first word starts, by the alignment stored in the manifest.
    let wordIndex = 0;
    for (const caption of captions) {
      const first = words[wordIndex]!;
      expect(Math.abs(caption.startMs - first.startInSeconds * 1000), caption.text).toBeLessThanOrEqual(1);
      wordIndex += caption.text.split(/\s+/).filter(Boolean).length;
    }
    const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    expect(Object.values(manifest.clips).every((clip) => clip.wordTiming !== undefined)).toBe(true);

    const command = await runNarrationCli(['captions', '--composition', 'Explainer', '--format', 'srt'], {cwd: project.root, env});
    expect(command.code, command.stderr).toBe(0);
    expect(command.stdout).toBe(srt);
  }, 300_000);

  it('ducks the music at least 12 dB under speech, not between cues, with no step above 1.5 dB', async () => {
    const render = async (duck: boolean) => {
      const file = path.join(project.root, 'out', `music-${duck}.wav`);
      const result = await runRemotionCli(['render', 'MusicOnly', file, '--codec=wav', `--props=${JSON.stringify({duck})}`, '--log=error'], {
        cwd: project.root,
        env,
      });
      expect(result.code, result.stderr).toBe(0);
      return decodeAudioTrack(file, project.root);
    };
    const ducked = await render(true);
    const steady = await render(false);
    const timeline = await resolveNarrationTimeline({
      narration: musicNarration,
      manifest: await readManifestFile(path.join(project.publicDir, MANIFEST_PATH)),
      fps: FPS,
      compositionId: 'MusicOnly',
      allowMissing: false,
    });

    // Under speech (50 ms inside each clip's speech, so the ramps are out of it).
    const depths = timeline.cues.flatMap((cue) =>
      cue.clips.map((clip) => decibels(rmsBetween(ducked, clip.speechStartInSeconds + 0.05, clip.speechEndInSeconds - 0.05) / rmsBetween(steady, clip.speechStartInSeconds + 0.05, clip.speechEndInSeconds - 0.05))),
    );
    console.log(`Music under speech, relative to the same music undocked (dB): ${depths.map((depth) => depth.toFixed(1)).join(', ')}`);
    for (const depth of depths) expect(depth).toBeLessThanOrEqual(-12);

    // Between cues, past the release (1 s) and before the attack (0.75 s): back to full level.
    const gaps: number[] = [];
    timeline.cues.forEach((cue, index) => {
      const next = timeline.cues[index + 1];
      if (next) {
        gaps.push(decibels(rmsBetween(ducked, cue.speechEndInSeconds + 1.05, next.speechStartInSeconds - 0.8) / rmsBetween(steady, cue.speechEndInSeconds + 1.05, next.speechStartInSeconds - 0.8)));
      }
    });
    const before = decibels(rmsBetween(ducked, 0, timeline.cues[0]!.speechStartInSeconds - 0.8) / rmsBetween(steady, 0, timeline.cues[0]!.speechStartInSeconds - 0.8));
    const after = decibels(
      rmsBetween(ducked, timeline.cues.at(-1)!.speechEndInSeconds + 1.05, timeline.durationInFrames / FPS) /
        rmsBetween(steady, timeline.cues.at(-1)!.speechEndInSeconds + 1.05, timeline.durationInFrames / FPS),
    );
    console.log(`Music away from speech (dB): before ${before.toFixed(2)}, between cues ${gaps.map((gap) => gap.toFixed(2)).join(', ') || 'none long enough'}, after ${after.toFixed(2)}`);
    for (const level of [before, after, ...gaps]) expect(Math.abs(level)).toBeLessThan(0.5);

    // No clicks: the gain, measured frame by frame as ducked ÷ steady, never jumps. Remotion sets
    // a volume per video frame and ffmpeg applies it per decoded chunk of the music, so a ramp is
    // a staircase; its steps stay small (a hard switch is one 14 dB step).
    const frameSeconds = 1 / FPS;
    let largestStep = 0;
    let previous: number | null = null;
    for (let t = 0; t + frameSeconds <= timeline.durationInFrames / FPS; t += frameSeconds) {
      const gain = decibels(rmsBetween(ducked, t, t + frameSeconds) / rmsBetween(steady, t, t + frameSeconds));
      if (previous !== null) largestStep = Math.max(largestStep, Math.abs(gain - previous));
      previous = gain;
    }
    console.log(`Largest change of the music's gain from one frame to the next: ${largestStep.toFixed(2)} dB`);
    expect(largestStep).toBeLessThanOrEqual(1.5);
  }, 300_000);
});
