import {spreadWordsByLength} from '../../core/text/spread-words-by-length.ts';
import {wordsOf} from '../../core/text/words.ts';
import {detectSpeech, type DetectedSpeech, type Interval} from './detect-speech.ts';
import {durationInSecondsOf, type MonoAudio} from './mono-audio.ts';
import type {WordTime} from './word-times-from-events.ts';

/**
 * Word times without a reference: the words of `text` (`wordsOf`) spread over the detected speech
 * of `audio` in proportion to their estimated length (`estimateSpeechInSeconds`, as the timeline
 * estimates clips not measured yet), pauses skipped. Over the whole clip when no speech is found.
 * About 140 ms median and 500-700 ms p95 error on the ground truth: a fallback, not a measurement.
 */
export const spreadWords = ({text, audio, speech = detectSpeech(audio)}: {text: string; audio: MonoAudio; speech?: DetectedSpeech}): WordTime[] => {
  const words = wordsOf(text);
  const durationInSeconds = durationInSecondsOf(audio);
  const intervals: Interval[] = speech.speech.length > 0 ? speech.speech : [{start: 0, end: durationInSeconds}];
  const totalSpeech = intervals.reduce((sum, interval) => sum + interval.end - interval.start, 0);
  // A position on the speech-only timeline as a time in the clip; at a pause's edge, `after`
  // picks the pause's end (a word's start) rather than its start (a word's end).
  const toTime = (position: number, after: boolean): number => {
    let passed = 0;
    for (const [k, interval] of intervals.entries()) {
      const length = interval.end - interval.start;
      const isLast = k === intervals.length - 1;
      if (position < passed + length || (!after && position <= passed + length) || isLast) {
        return interval.start + Math.min(length, Math.max(0, position - passed));
      }
      passed += length;
    }
    return durationInSeconds;
  };
  // Spread over the speech with its pauses taken out, then carried back onto the clip.
  return spreadWordsByLength({words, lengthInSeconds: totalSpeech}).map(([from, to]) => {
    const start = toTime(from + 1e-9, true);
    return [start, Math.max(start, toTime(to - 1e-9, false))];
  });
};
