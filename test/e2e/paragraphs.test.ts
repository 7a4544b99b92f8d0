import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {ANALYSIS_SAMPLE_RATE, decodeAudioTrack} from '../helpers/rendered-audio.ts';
import {envFor, runNarrationCli, runRemotionCli} from '../helpers/run-command.ts';
import {findSpeechSegments, type SpeechSegment} from '../helpers/speech-segments.ts';
import {createTempProject} from '../helpers/temp-project.ts';
import {timelineClips} from '../helpers/timeline-clips.ts';

const FPS = 30;
const COMPOSITION = 'Paragraphs';
/**
 * How far a pause measured in the render may fall outside what the timeline guarantees (at
 * least the pause asked for, less than one frame more): the two edges of a pause are each found
 * to within a sample or two of the 48 kHz analysis, after resampling from 24 or 44.1 kHz.
 */
const MEASUREMENT_TOLERANCE_IN_SECONDS = 0.002;
/** Largest difference between a clip's speech in the render and the speech the store measured in its file. */
const SPEECH_LENGTH_TOLERANCE_IN_SECONDS = 0.01;

/** Several sentences, each under Kling's 150 characters: spoken as several clips. */
const PARAGRAPH =
  'Narration used to be the last thing added to a video, and the first thing to go out of date. ' +
  'A script changed, and every scene after it had to be moved by hand. ' +
  'Here the words are props of the composition, like its colors and titles. ' +
  'Before a render, one command sends each new sentence to the speech service and stores what comes back. ' +
  'The store measures every file to the sample, with the silence the service put around the speech. ' +
  'The timeline then places each sentence so that the pause you hear is the pause you asked for. ' +
  'It does not matter whether a file starts with a tenth of a second of silence or with almost half a second. ' +
  'Nor does it matter how the encoder wrote it, with or without the header players rely on. ' +
  'Long paragraphs like this one are split into clips at sentence ends, and the clips play one after another. ' +
  'Edit one sentence, and only its clip is spoken again.';

/**
 * Pauses shorter than most of the fake's leading silences (0.05-0.4 s), so that clips start
 * during the previous clip's trailing silence and skip whole frames of their own.
 */
const narration: Narration = {
  voice: {speakerId: 'oversea_male1', speed: 1},
  leadInInSeconds: 0.3,
  gapInSeconds: 0.5,
  sentencePauseInSeconds: 0.35,
  // Longer than any trailing silence the fake makes (≤ 0.6 s plus frame padding), so that the
  // composition ends where the tail says and not where the last file ends.
  tailInSeconds: 0.8,
  cues: [
    // A title card that stays up 2.5 s, longer than its speech: the gap counts from there.
    {id: 'title', text: 'Paragraphs.', minDurationInSeconds: 2.5},
    {id: 'paragraph', text: PARAGRAPH},
    // Almost no pause after it.
    {id: 'aside', text: 'A short aside.', pauseAfterInSeconds: 0.05},
    {id: 'close', text: 'And that is the whole paragraph.'},
  ],
};

/**
 * A long cue rendered: every speech-to-speech pause is measured on the rendered audio, where the
 * clips' own silences (different in every file) are invisible.
 */
describe('a paragraph-sized cue, prepared and rendered', () => {
  let fake: FakeUseapi;
  let project: Awaited<ReturnType<typeof createTempProject>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fake = await startFakeUseapi({mp3Style: 'varied'});
    project = await createTempProject();
    env = envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});
    await writeFile(
      path.join(project.root, 'compositions', 'Root.tsx'),
      `import {Composition} from 'remotion';
import {calculateNarrationMetadata} from '../src/index.ts';
import {Explainer, explainerSchema, type ExplainerProps} from './Explainer.tsx';

const props: ExplainerProps = {title: 'Paragraphs', narration: ${JSON.stringify(narration)}};

export const Root = () => (
  <Composition id="${COMPOSITION}" component={Explainer} schema={explainerSchema} defaultProps={props}
    calculateMetadata={calculateNarrationMetadata<ExplainerProps>({fps: ${FPS}})} width={640} height={360} />
);
`,
    );
  });
  afterAll(async () => {
    await fake?.close();
    await project?.remove();
  });

  it('keeps every pause asked for, measured speech to speech in the render, and plays every clip whole', async () => {
    const prepare = await runNarrationCli(['prepare', '--composition', COMPOSITION], {cwd: project.root, env});
    expect(prepare.code, prepare.stderr).toBe(0);
    const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
    const timeline = await resolveNarrationTimeline({narration, manifest, fps: FPS, compositionId: COMPOSITION, allowMissing: false});
    const clips = timelineClips(timeline);
    const paragraphClips = timeline.cues.find((cue) => cue.id === 'paragraph')!.clips;
    expect(paragraphClips.length).toBeGreaterThanOrEqual(6);
    // The clips differ as real ones do: several encodings, silences, and some skipped frames.
    const formats = clips.map(({clip}) => fake.clipFormat(clip.spokenText));
    expect(new Set(formats.map((format) => format.encoding)).size).toBeGreaterThanOrEqual(3);
    expect(formats.some((format) => format.encoding === 'vbr-no-xing')).toBe(true);
    expect(clips.some(({clip}) => clip.trimBeforeInFrames > 0)).toBe(true);
    console.log(
      `Clips: ${clips.map(({cueId, clip}, index) => `${cueId} ${formats[index]!.encoding} ${formats[index]!.sampleRate / 1000} kHz, leading ${clip.leadingSilenceInSeconds.toFixed(3)} s, trim ${clip.trimBeforeInFrames}`).join('; ')}`,
    );

    const wav = path.join(project.root, 'out', 'paragraphs.wav');
    const render = await runRemotionCli(['render', COMPOSITION, wav, '--codec=wav', '--log=error'], {cwd: project.root, env});
    expect(render.code, render.stderr).toBe(0);
    const samples = await decodeAudioTrack(wav, project.root);
    const renderedInSeconds = samples.length / ANALYSIS_SAMPLE_RATE;
    expect(Math.abs(renderedInSeconds - timeline.durationInFrames / FPS)).toBeLessThan(0.5 / FPS);

    const segments = findSpeechSegments({samples, sampleRate: ANALYSIS_SAMPLE_RATE});
    expect(segments.length, `speech segments found in the render: ${segments.map(describeSegment).join(', ')}`).toBe(clips.length);

    // Every clip played whole: its sound lasts as long as the speech measured in its file.
    const lengthErrors = clips.map(({clip}, index) => {
      const segment = segments[index]!;
      return segment.endInSeconds - segment.startInSeconds - (clip.speechEndInSeconds - clip.speechStartInSeconds);
    });
    console.log(`Speech length error per clip (render - file, ms): ${lengthErrors.map(ms).join(', ')}`);
    for (const [index, error] of lengthErrors.entries()) {
      expect(Math.abs(error), `clip ${index} (${clips[index]!.cueId})`).toBeLessThanOrEqual(SPEECH_LENGTH_TOLERANCE_IN_SECONDS);
    }

    const pauses = pausesOf({timeline, segments, renderedInSeconds});
    console.log(`Pause error (measured - asked, ms): ${pauses.map(({label, measuredInSeconds, askedInSeconds}) => `${label} ${ms(measuredInSeconds - askedInSeconds)}`).join(', ')}`);
    console.log(`Pause in the render - pause planned (ms): ${pauses.map(({label, measuredInSeconds, plannedInSeconds}) => `${label} ${ms(measuredInSeconds - plannedInSeconds)}`).join(', ')}`);
    // The kinds of pause this composition has, each at least once.
    for (const kind of ['lead-in', 'sentence', 'gap', 'after min duration', 'short pause', 'tail']) {
      expect(pauses.some(({label}) => label.startsWith(kind)), kind).toBe(true);
    }
    for (const {label, measuredInSeconds, askedInSeconds, plannedInSeconds} of pauses) {
      // The plan: never shorter than asked, less than one frame longer.
      expect(plannedInSeconds, `${label} (planned)`).toBeGreaterThanOrEqual(askedInSeconds - 1e-9);
      expect(plannedInSeconds, `${label} (planned)`).toBeLessThan(askedInSeconds + 1 / FPS);
      // The render: the same, to within what can be measured.
      expect(measuredInSeconds, label).toBeGreaterThanOrEqual(askedInSeconds - MEASUREMENT_TOLERANCE_IN_SECONDS);
      expect(measuredInSeconds, label).toBeLessThanOrEqual(askedInSeconds + 1 / FPS + MEASUREMENT_TOLERANCE_IN_SECONDS);
    }
  }, 600_000);
});

type Pause = {label: string; askedInSeconds: number; plannedInSeconds: number; measuredInSeconds: number};

/**
 * Every speech-to-speech pause of the composition: the lead-in (frame 0 to the first speech),
 * between the clips of a cue (the sentence pause), between cues (from the end of a cue's speech,
 * or of its minimum duration, to the next cue's speech), and the tail (the last speech to the
 * end). Each as asked, as the timeline planned it, and as measured on the rendered segments
 * (`segments[i]` is clip i's sound).
 */
const pausesOf = ({
  timeline,
  segments,
  renderedInSeconds,
}: {
  timeline: NarrationTimeline;
  segments: SpeechSegment[];
  renderedInSeconds: number;
}): Pause[] => {
  const pauses: Pause[] = [];
  const first = segments[0]!;
  pauses.push({
    label: 'lead-in',
    askedInSeconds: narration.leadInInSeconds!,
    plannedInSeconds: timeline.cues[0]!.speechStartInSeconds,
    measuredInSeconds: first.startInSeconds,
  });
  let index = 0;
  for (const [cueIndex, cue] of timeline.cues.entries()) {
    const cueSegments = segments.slice(index, index + cue.clips.length);
    index += cue.clips.length;
    for (let i = 1; i < cue.clips.length; i++) {
      pauses.push({
        label: `sentence pause ${cue.id} ${i}`,
        askedInSeconds: narration.sentencePauseInSeconds!,
        plannedInSeconds: cue.clips[i]!.speechStartInSeconds - cue.clips[i - 1]!.speechEndInSeconds,
        measuredInSeconds: cueSegments[i]!.startInSeconds - cueSegments[i - 1]!.endInSeconds,
      });
    }
    const next = timeline.cues[cueIndex + 1];
    const asked = narration.cues[cueIndex]!;
    const minDuration = asked.minDurationInSeconds ?? 0;
    const plannedEnd = Math.max(cue.speechEndInSeconds, cue.speechStartInSeconds + minDuration);
    const measuredEnd = Math.max(cueSegments.at(-1)!.endInSeconds, cueSegments[0]!.startInSeconds + minDuration);
    if (next) {
      const kind = asked.minDurationInSeconds !== undefined ? 'after min duration' : asked.pauseAfterInSeconds !== undefined ? 'short pause' : 'gap';
      pauses.push({
        label: `${kind} ${cue.id}`,
        askedInSeconds: asked.pauseAfterInSeconds ?? narration.gapInSeconds!,
        plannedInSeconds: next.speechStartInSeconds - plannedEnd,
        measuredInSeconds: segments[index]!.startInSeconds - measuredEnd,
      });
    } else {
      pauses.push({
        label: 'tail',
        askedInSeconds: narration.tailInSeconds!,
        plannedInSeconds: timeline.durationInFrames / timeline.fps - plannedEnd,
        measuredInSeconds: renderedInSeconds - measuredEnd,
      });
    }
  }
  return pauses;
};

const ms = (seconds: number): string => (seconds * 1000).toFixed(1);
const describeSegment = ({startInSeconds, endInSeconds}: SpeechSegment): string => `${startInSeconds.toFixed(3)}-${endInSeconds.toFixed(3)}`;
