import {seededRandom} from '../helpers/seeded-random.ts';
import {DEFAULT_CLIP_LIMITS} from '../../src/core/clip-limits.ts';
import {emptyManifest, type Manifest} from '../../src/core/manifest-schema.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {clipFileForKey} from '../../src/core/narration-paths.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import {estimateSpeechInSeconds} from '../../src/core/text/estimate-speech.ts';
import {wordsOf} from '../../src/core/text/words.ts';

/** Sentences a course's paragraphs are drawn from (mixed lengths, so cues split into 1 to 4 clips). */
const SENTENCES = [
  'In this lesson we look at how water moves through a city, from the reservoir to the tap.',
  'Pressure falls with every metre of pipe.',
  'Engineers measure it at dozens of points, every hour of every day, and keep the records for decades.',
  'A leak is rarely dramatic.',
  'Most of them are found by listening: a faint hiss under the pavement, heard through a steel rod held to the ground at night.',
  'The oldest mains are cast iron.',
  'They were laid before anyone kept maps, so the first job of a new survey is simply to find them.',
  'Remember the three numbers from the last chapter.',
  'Flow, head and loss describe almost everything that happens in a network.',
  'Now try the exercise at the end of this section before you move on.',
  'It takes about ten minutes, and the answer is on the next page.',
  'Why does the pressure rise at night, when nobody is using water?',
];

/**
 * A course of `cueCount` paragraph cues of about 300 characters each (like the issue's
 * 400-paragraph course), with a bookmark in every tenth cue. Deterministic.
 */
export const longCourse = (cueCount: number): Narration => {
  const random = seededRandom(cueCount);
  return {
    voice: {speakerId: 'uk_man2'},
    cues: Array.from({length: cueCount}, (_, index) => {
      const sentences: string[] = [];
      while (sentences.join(' ').length < 260) sentences.push(SENTENCES[Math.floor(random() * SENTENCES.length)]!);
      const text = `Part ${index + 1}. ${sentences.join(' ')}`;
      return {id: `paragraph-${index + 1}`, text: index % 10 === 0 ? text.replace('. ', '. <mark name="figure"/>') : text};
    }),
  };
};

/** Seconds as a decoder measures them: whole samples at 22,050 Hz (so never round numbers). */
const samples = (seconds: number) => Math.round(seconds * 22_050) / 22_050;

/**
 * A manifest in which every clip of `narration` (as the timeline looks them up, for a composition
 * prepared with `provider`) was stored with measured audio and measured word times, as prepare
 * leaves it.
 */
export const measuredManifest = async ({
  narration,
  compositionId,
  provider = 'kling',
}: {
  narration: Narration;
  compositionId: string;
  provider?: string;
}): Promise<Manifest> => {
  const manifest: Manifest = {...emptyManifest(), compositions: {[compositionId]: {provider, limits: DEFAULT_CLIP_LIMITS}}};
  // The clips and keys as the timeline looks them up (before any is stored).
  const planned = await resolveNarrationTimeline({narration, manifest, fps: 30, compositionId, allowMissing: true});
  const random = seededRandom(7);
  for (const cue of planned.cues) {
    const source = narration.cues.find((each) => each.id === cue.id)!;
    for (const {key, spokenText} of cue.clips) {
      const request = {
        speakerId: source.speakerId ?? narration.voice.speakerId,
        text: spokenText,
        speed: source.speed ?? narration.voice.speed ?? 1,
        emotion: source.emotion ?? narration.voice.emotion ?? null,
      };
      const leading = samples(0.05 + random() * 0.2);
      const speech = samples(estimateSpeechInSeconds({text: request.text, speed: request.speed}) * (0.9 + random() * 0.2));
      const trailing = samples(0.1 + random() * 0.3);
      const spoken = wordsOf(request.text);
      const total = spoken.reduce((sum, word) => sum + word.text.length + 1, 0);
      let at = leading;
      const words = spoken.map((word): [number, number] => {
        const start = at;
        at += (speech * (word.text.length + 1)) / total;
        return [samples(start), samples(at - 0.04)];
      });
      manifest.clips[key] = {
        key,
        file: clipFileForKey(key),
        provider,
        speakerId: request.speakerId,
        text: request.text,
        speed: request.speed,
        emotion: request.emotion,
        sizeInBytes: 1000,
        sha256: '0'.repeat(64),
        audio: {sampleRate: 22_050, durationInSeconds: samples(leading + speech + trailing), leadingSilenceInSeconds: leading, trailingSilenceInSeconds: trailing},
        createdAt: '2025-01-01T00:00:00.000Z',
        wordTiming: {by: 'espeak-dtw@1', words},
      };
    }
  }
  return manifest;
};
