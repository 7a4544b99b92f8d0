import {alignmentFeatures, stretchFrames} from './alignment-features.ts';
import {detectSpeech, type DetectedSpeech, type Interval} from './detect-speech.ts';
import {dtw} from './dtw.ts';
import {fillUnspokenWords} from './fill-unspoken-words.ts';
import {DEFAULT_MFCC_OPTIONS} from './mfcc.ts';
import {durationInSecondsOf, type MonoAudio} from './mono-audio.ts';
import {mapFrame} from './path-mapping.ts';
import {makeMonotonic, moveOutOfPauses, snapBoundariesToPauses, type TimedWord} from './pauses.ts';
import type {Reference} from './speak-reference.ts';
import type {WordTime} from './word-times-from-events.ts';

/** The MFCC floor is never raised above this many dB below the loudest frame, however noisy the target. */
const MIN_FLOOR_IN_DB = 20;

/**
 * Carries the word times of eSpeak's rendition (`reference`) over to `target`, the same text
 * spoken by someone else:
 *
 * 1. speech is detected in both, and eSpeak's frames are stretched so that its speech is as
 *    long as the target's;
 * 2. DTW pairs their MFCC frames, and each of eSpeak's word boundaries maps to the target frame
 *    it is paired with (`mapFrame`);
 * 3. the target's own pauses then fix the boundaries near them (`moveOutOfPauses`,
 *    `snapBoundariesToPauses`), and the words are kept in order inside the clip.
 *
 * Returns one [start, end] per word of the reference, in seconds from the target's first sample;
 * words that are not spoken get the gap between their neighbours. Synchronous.
 */
export const alignWords = ({reference, target, targetSpeech = detectSpeech(target)}: {reference: Reference; target: MonoAudio; targetSpeech?: DetectedSpeech}): WordTime[] => {
  const durationInSeconds = durationInSecondsOf(target);
  const referenceSpeech = detectSpeech(reference.audio);
  const targetSpan = spanOf(targetSpeech.speech, durationInSeconds);
  const referenceSpan = spanOf(referenceSpeech.speech, durationInSecondsOf(reference.audio));
  const scale = (targetSpan.end - targetSpan.start) / Math.max(0.1, referenceSpan.end - referenceSpan.start);
  const mfcc = {
    ...DEFAULT_MFCC_OPTIONS,
    // The target's noise and eSpeak's digital silence must both land on the floor, or silence
    // on one side looks like nothing on the other (p95 65 → 120 ms without a floor).
    floorInDb: Math.max(MIN_FLOOR_IN_DB, Math.min(DEFAULT_MFCC_OPTIONS.floorInDb, targetSpeech.loudInDb - targetSpeech.noiseInDb)),
    // Both sides see the same band, whatever their sample rates.
    highHz: Math.min(DEFAULT_MFCC_OPTIONS.highHz, 0.48 * Math.min(reference.audio.sampleRate, target.sampleRate)),
  };
  const referenceFeatures = stretchFrames(alignmentFeatures({audio: reference.audio, speechMask: referenceSpeech.mask, mfcc}), scale);
  const targetFeatures = alignmentFeatures({audio: target, speechMask: targetSpeech.mask, mfcc});
  const path = dtw(referenceFeatures, targetFeatures);
  const hop = mfcc.hopInSeconds;
  const map = (seconds: number) =>
    mapFrame({path, frame: Math.round((seconds * scale) / hop), reference: referenceFeatures, target: targetFeatures}) * hop;

  const spoken = reference.times.flatMap((time, index) => (time ? [{index, time}] : []));
  const words: TimedWord[] = spoken.map(({time: [start, end]}) =>
    moveOutOfPauses({startInSeconds: map(start), endInSeconds: map(end)}, targetSpeech.mask),
  );
  snapBoundariesToPauses(words, targetSpeech.speech);
  makeMonotonic(words, durationInSeconds);
  const times: (WordTime | null)[] = reference.times.map(() => null);
  spoken.forEach(({index}, k) => (times[index] = [words[k]!.startInSeconds, words[k]!.endInSeconds]));
  return fillUnspokenWords(times);
};

const spanOf = (speech: Interval[], durationInSeconds: number): Interval => ({
  start: speech[0]?.start ?? 0,
  end: speech.at(-1)?.end ?? durationInSeconds,
});
