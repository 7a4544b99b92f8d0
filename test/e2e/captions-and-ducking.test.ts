import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {parseSrt} from '@remotion/captions';
import type {EmittedArtifact} from '@remotion/renderer';
import {beforeAll, describe, expect, it} from 'vitest';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import {DEFAULT_MUSIC_BETWEEN_CUES_LU, DEFAULT_MUSIC_UNDER_SPEECH_LU} from '../../src/core/ducking.ts';
import {integratedLoudnessInLufs} from '../../src/core/loudness/measure-loudness.ts';
import {DEFAULT_TARGET_LUFS} from '../../src/core/loudness/narration-gain.ts';
import {encodeMp3} from '../../src/node/mp3/encode-mp3.ts';
import {measureFilesLoudness} from '../../src/node/mp3/measure-file-loudness.ts';
import {SILENCE_THRESHOLD} from '../../src/node/mp3/measure-mp3.ts';
import type {NarratedComposition} from '../../src/node/prepare/prepare-narration.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {expectEveryClipOnTimeAndWhole} from '../helpers/expect-every-clip-on-time-and-whole.ts';
import {ANALYSIS_SAMPLE_RATE, decodeStereoAudioTrack, firstLoudSample, probeAudioDurationInSeconds, rms} from '../helpers/rendered-audio.ts';
import {srtOfTimeline} from '../helpers/srt-of-timeline.ts';
import {useRenderedProject} from '../helpers/rendered-project.ts';
import type {TestRemotion} from '../helpers/test-remotion.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';

const FPS = 30;

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

/** RMS of `samples` in [from, to) seconds. */
const rmsBetween = (samples: Float32Array, from: number, to: number): number => {
  const start = Math.max(0, Math.round(from * ANALYSIS_SAMPLE_RATE));
  const end = Math.min(samples.length, Math.round(to * ANALYSIS_SAMPLE_RATE));
  let sum = 0;
  for (let i = start; i < end; i++) sum += samples[i]! ** 2;
  return Math.sqrt(sum / Math.max(1, end - start));
};

const decibels = (ratio: number) => 20 * Math.log10(ratio);

// One fake, one public folder and one browser for the file: the example and the MusicOnly
// composition each have their own clips. MP3s as varied as real encoders write them (see
// FakeMp3Style): at 24 kHz a tagged clip's 1105-sample codec delay is 46 ms, more than a frame,
// so a player that ignored the gapless header would fail the onset check; a VBR clip without a
// Xing header that the store did not repair would be cut short of its speech and fail the end check.
const project = useRenderedProject({name: 'rendered'});

/** prepare's logic in process, with Kling against the fake; the timeline the render then has. */
const prepare = async (composition: NarratedComposition): Promise<NarrationTimeline> => {
  const manifest = await project.prepare(composition);
  return resolveNarrationTimeline({narration: composition.narration, manifest, fps: FPS, compositionId: composition.id, allowMissing: false});
};

/**
 * The example (its default narration, without its music) prepared in process against the fake
 * useapi.net: the captions file a render of it writes (`npx remotion render Explainer` writes
 * `out/Explainer/captions.en.srt`), emitted from frame 0, against the stored word times. Its
 * audio is checked where the Chinese example is rendered below, and every kind of clip's in
 * paragraphs.test.ts.
 */
describe('the example\'s captions, as a render writes them', () => {
  let artifacts: Promise<{artifacts: EmittedArtifact[]; timeline: NarrationTimeline}> | undefined;
  const captionsOfExample = () =>
    (artifacts ??= (async () => {
      const inputProps = {music: false};
      const timeline = await prepare(await project.remotion.narratedComposition({id: 'Explainer', inputProps}));
      return {artifacts: await project.remotion.firstFrameArtifacts({id: 'Explainer', inputProps, name: 'example'}), timeline};
    })());

  it('writes an SRT artifact whose captions are the stored word times, as the captions command prints them', async () => {
    const {artifacts, timeline} = await captionsOfExample();
    const artifact = artifacts.find((each) => each.filename === 'captions.en.srt');
    expect(artifact, 'the captions.en.srt artifact').toBeDefined();
    const srt = typeof artifact!.content === 'string' ? artifact!.content : new TextDecoder().decode(artifact!.content);
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
    // What `remotion-narration captions` prints for the same timeline (end-to-end.test.ts runs it).
    expect(srt).toBe(srtOfTimeline(timeline));
  }, 300_000);
});

/** Columns a caption line takes on screen: two for a CJK character or full-width punctuation (UAX #11), one otherwise. */
const displayColumns = (line: string) =>
  [...line].reduce((sum, character) => sum + (/[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’…]/u.test(character) ? 2 : 1), 0);

/**
 * The Chinese example, as the README renders it (`--props compositions/explainer-zh.json`): a
 * Chinese voice, Chinese text with English words inside, a bookmark, burned-in captions.
 */
describe('the Chinese example rendered: every clip on time, captions that read as Chinese', () => {
  // Prepared in process against the fake and rendered to wav once (its music off), however many
  // tests ask: onsets are measured on a wav render (an mp4's AAC track adds ~43 ms of encoder
  // priming when decoded, a property of AAC, not of the placement).
  let rendered: Promise<Awaited<ReturnType<TestRemotion['renderAudio']>> & {timeline: NarrationTimeline}> | undefined;
  const renderChinese = () =>
    (rendered ??= (async () => {
      const props = JSON.parse(await readFile(path.join(REPO_ROOT, 'compositions/explainer-zh.json'), 'utf8')) as Record<string, unknown>;
      const inputProps = {...props, music: false};
      const timeline = await prepare(await project.remotion.narratedComposition({id: 'Explainer', inputProps}));
      return {...(await project.remotion.renderAudio({id: 'Explainer', inputProps, name: 'example-zh'})), timeline};
    })());

  it('renders audio as long as the timeline, every clip where the timeline puts it and whole, nothing after the last cue', async () => {
    const {samples, file, durationInFrames, timeline} = await renderChinese();
    expect(durationInFrames).toBe(timeline.durationInFrames);
    // The audio lasts as long as the video: no clip runs past the end.
    expect(Math.abs((await probeAudioDurationInSeconds(file)) - timeline.durationInFrames / FPS)).toBeLessThan(0.5 / FPS);
    expect(rms(samples)).toBeGreaterThan(0.02);
    expectEveryClipOnTimeAndWhole({timeline, samples, label: 'Explainer (zh)'});
    // Nothing plays after the timeline says the last cue ended.
    const last = timeline.cues.at(-1)!;
    const lastEnd = Math.ceil(((last.startFrame + last.durationInFrames) / FPS) * ANALYSIS_SAMPLE_RATE);
    expect(firstLoudSample(samples, lastEnd + Math.round(0.05 * ANALYSIS_SAMPLE_RATE), samples.length, SILENCE_THRESHOLD * 4)).toBe(-1);
  }, 300_000);

  it('lands the bookmark on the character after it', async () => {
    const {timeline} = await renderChinese();
    // "…哈希值缓存。<mark name="chart"/>同样的内容…": the chart starts with 同.
    const cache = timeline.cues.find((cue) => cue.id === 'cache')!;
    const words = cache.clips.flatMap((clip) => clip.words);
    const next = words.find((word) => word.text.startsWith('同'))!;
    expect(next, 'the word 同 in the cache cue').toBeDefined();
    expect(cache.marks.chart).toBe(next.startFrame);
  }, 300_000);

  it('writes captions with no space between Chinese characters, lines of at most 40 columns, none starting with closing punctuation', async () => {
    const {artifacts, timeline} = await renderChinese();
    // Named by its language: a render of the same composition in English keeps its own.
    expect(artifacts.map((each) => each.filename)).toEqual(['captions.zh.srt']);
    const artifact = artifacts[0];
    const srt = typeof artifact!.content === 'string' ? artifact!.content : new TextDecoder().decode(artifact!.content);
    expect(srt).toBe(srtOfTimeline(timeline));
    const captions = parseSrt({input: srt}).captions;
    const lines = captions.flatMap((caption) => caption.text.split('\n'));
    for (const line of lines) {
      expect(line, 'a space between two Chinese characters').not.toMatch(/[\p{Script=Han}，。、；：！？][ ]+[\p{Script=Han}，。、；：！？]/u);
      expect(displayColumns(line), line).toBeLessThanOrEqual(40);
      expect(line, 'a line that starts with closing punctuation').not.toMatch(/^[，。、；：！？）」』】》〉”’…]/u);
      expect(line, 'a line that ends with opening punctuation').not.toMatch(/[（「『【《〈“‘]$/u);
    }
    // Every character of the text as written, in order; the English words keep their spaces.
    const written = timeline.cues.map((cue) => cue.clips.map((clip) => clip.text).join('')).join('');
    expect(captions.map((caption) => caption.text.replace(/\n/g, ' ')).join('').replace(/\s+/g, '')).toBe(written.replace(/\s+/g, ''));
    expect(srt).toContain('都是 Remotion 合成');
    expect(srt).not.toContain('<mark');
  }, 300_000);
});

/**
 * The MusicOnly test composition (test/helpers/compositions/TestRoot.tsx): a steady bed ducked
 * under `musicOnlyNarration`, whose clips play at volume 0, relative to the speech's loudness as
 * the README sets a music bed: its own loudness given (what `npx remotion-narration loudness`
 * prints), it sits 8 LU under the speech between cues and 18 LU under it while anyone speaks.
 */
describe('music ducked under the narration', () => {
  let timeline: NarrationTimeline;
  let musicLufs: number;
  beforeAll(async () => {
    const bed = path.join(project.publicDir, 'bed.mp3');
    await writeFile(bed, bedMp3());
    const [measured] = await measureFilesLoudness({files: [bed]});
    musicLufs = (measured as {integratedLufs: number}).integratedLufs;
    timeline = await prepare(await project.remotion.narratedComposition({id: 'MusicOnly'}));
  }, 240_000);

  it('puts the music 18 LU under the speech while it is spoken and 8 LU under it between cues, with no step above 1.5 dB', async () => {
    const render = async (duck: boolean) => project.remotion.renderAudio({id: 'MusicOnly', inputProps: {duck, musicLufs}, name: `music-${duck}`});
    const duckedRender = await render(true);
    const [left, right] = await decodeStereoAudioTrack(duckedRender.file);
    const ducked = duckedRender.samples;
    const steady = (await render(false)).samples;
    /** The render's loudness over [from, to) seconds (a mono bed renders at the loudness it measures). */
    const lufsBetween = (from: number, to: number) => {
      const [start, end] = [Math.round(from * ANALYSIS_SAMPLE_RATE), Math.round(to * ANALYSIS_SAMPLE_RATE)];
      return integratedLoudnessInLufs({channels: [left.subarray(start, end), right.subarray(start, end)], sampleRate: ANALYSIS_SAMPLE_RATE});
    };
    // <Narration> levels the speech to its target: the music follows that level.
    const speechLufs = DEFAULT_TARGET_LUFS;

    // Under speech (50 ms inside each clip's speech, so the ramps are out of it).
    const under = timeline.cues.flatMap((cue) => cue.clips.map((clip) => lufsBetween(clip.speechStartInSeconds + 0.05, clip.speechEndInSeconds - 0.05)));
    console.log(`Music bed ${musicLufs.toFixed(1)} LUFS; under speech at ${speechLufs} LUFS it renders at (LUFS): ${under.map((each) => each.toFixed(2)).join(', ')}`);
    for (const each of under) expect(Math.abs(each - (speechLufs - DEFAULT_MUSIC_UNDER_SPEECH_LU))).toBeLessThanOrEqual(0.5);

    // Between cues, past the release (1 s) and before the attack (0.75 s); before the first and after the last.
    const away: number[] = [];
    timeline.cues.forEach((cue, index) => {
      const next = timeline.cues[index + 1];
      if (next) away.push(lufsBetween(cue.speechEndInSeconds + 1.05, next.speechStartInSeconds - 0.8));
    });
    away.push(lufsBetween(0, timeline.cues[0]!.speechStartInSeconds - 0.8));
    away.push(lufsBetween(timeline.cues.at(-1)!.speechEndInSeconds + 1.05, timeline.durationInFrames / FPS));
    console.log(`Music away from speech (LUFS): ${away.map((each) => each.toFixed(2)).join(', ')}`);
    for (const each of away) expect(Math.abs(each - (speechLufs - DEFAULT_MUSIC_BETWEEN_CUES_LU))).toBeLessThanOrEqual(0.5);

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
