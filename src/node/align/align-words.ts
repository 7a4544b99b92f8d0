import {alignmentFeatures, stretchFrames} from './alignment-features.ts';
import {detectSpeech, type DetectedSpeech, type SpeechDetectionOptions} from './detect-speech.ts';
import {dtw} from './dtw.ts';
import {fillUnspokenWords} from './fill-unspoken-words.ts';
import {DEFAULT_MFCC_OPTIONS} from './mfcc.ts';
import {durationInSecondsOf, type MonoAudio} from './mono-audio.ts';
import {mapFrame} from './path-mapping.ts';
import {pauseCrossingCosts} from './pause-crossing-costs.ts';
import {makeMonotonic, snapBoundariesToPauses, snapBoundariesToShortPauses, type TimedWord} from './pauses.ts';
import type {Reference} from './speak-reference.ts';
import {keepSpeechFrames, keptIndexAtOrAfter, pausesBefore} from './speech-frames.ts';
import type {WordTime} from './word-times-from-events.ts';

/** The MFCC floor is never raised above this many dB below the loudest frame, however noisy the target. */
const MIN_FLOOR_IN_DB = 20;

/**
 * How the target's speech and pauses are found: energies above 150 Hz only. Festival's diphone
 * voices leave a hum around 100 Hz in some pauses (as recordings do with mains hum or rumble),
 * which hid them from the detector ("Version 4.0 | adds": "adds" 295 ms early). Higher cut-offs
 * also hid the 200-300 Hz buzz that kal_diphone puts before a clip's first word, but made onsets
 * after pauses later.
 */
export const TARGET_SPEECH_DETECTION: SpeechDetectionOptions = {highPassHz: 150};

/**
 * eSpeak's own silences of 50 ms and more are taken out of its frames, not only its pauses: it
 * stops for 80-110 ms between some words ("flour | and") where speakers do not, and the path paired
 * those silent frames with the target's next sounds ("and" 306 ms late).
 */
const REFERENCE_SPEECH_DETECTION: SpeechDetectionOptions = {minPauseInSeconds: 0.05};

/**
 * Carries the word times of eSpeak's rendition (`reference`) over to `target`, the same text
 * spoken by someone else:
 *
 * 1. speech is detected in both and the pauses are taken out of their frames: speakers do not
 *    pause in the same places (Festival's phrase break in "how | a small team", which eSpeak
 *    does not make, put the words around it 150-650 ms off when silence had to match speech);
 * 2. eSpeak's speech frames are stretched to as many as the target's, and DTW pairs their MFCC
 *    frames, crossing each of the target's pauses where a word starts (`pauseCrossingCosts`);
 * 3. each of eSpeak's word boundaries maps to the target frame it is paired with (`mapFrame`), the
 *    target's pauses and, where eSpeak paused, its short silences fix the boundaries near them
 *    (`snapBoundariesToPauses`, `snapBoundariesToShortPauses`), and the words are kept in order
 *    inside the clip.
 *
 * Returns one [start, end] per word of the reference, in seconds from the target's first sample;
 * words that are not spoken get the gap between their neighbours. Synchronous.
 */
export const alignWords = ({
  reference,
  target,
  targetSpeech = detectSpeech(target, TARGET_SPEECH_DETECTION),
}: {
  reference: Reference;
  target: MonoAudio;
  /** `detectSpeech(target, TARGET_SPEECH_DETECTION)`, when already known. */
  targetSpeech?: DetectedSpeech;
}): WordTime[] => {
  const durationInSeconds = durationInSecondsOf(target);
  const referenceSpeech = detectSpeech(reference.audio, REFERENCE_SPEECH_DETECTION);
  const mfcc = {
    ...DEFAULT_MFCC_OPTIONS,
    // The target's noise and eSpeak's digital silence must both land on the floor, or silence
    // on one side looks like nothing on the other (p95 65 → 120 ms without a floor).
    floorInDb: Math.max(MIN_FLOOR_IN_DB, Math.min(DEFAULT_MFCC_OPTIONS.floorInDb, targetSpeech.loudInDb - targetSpeech.noiseInDb)),
    // Both sides see the same band, whatever their sample rates.
    highHz: Math.min(DEFAULT_MFCC_OPTIONS.highHz, 0.48 * Math.min(reference.audio.sampleRate, target.sampleRate)),
  };
  const hopInSeconds = mfcc.hopInSeconds;
  const referenceSpoken = keepSpeechFrames({
    frames: alignmentFeatures({audio: reference.audio, speechMask: referenceSpeech.mask, mfcc}),
    mask: referenceSpeech.mask,
    hopInSeconds,
  });
  const targetSpoken = keepSpeechFrames({frames: alignmentFeatures({audio: target, speechMask: targetSpeech.mask, mfcc}), mask: targetSpeech.mask, hopInSeconds});
  // Rate matching: eSpeak's speech made as long as the target's, pauses left out of both.
  const scale = targetSpoken.kept.length / Math.max(1, referenceSpoken.kept.length);
  const referenceFrames = stretchFrames(referenceSpoken.frames, scale);
  const targetFrames = targetSpoken.frames;
  const afterPause = pausesBefore(targetSpoken.kept);
  /** A time in eSpeak's rendition as a frame of `referenceFrames` (a boundary in a pause: the frame after it). */
  const referenceFrameAt = (seconds: number) => Math.round(keptIndexAtOrAfter(referenceSpoken.kept, Math.round(seconds / hopInSeconds)) * scale);

  const spoken = reference.times.flatMap((time, index) => (time ? [{index, time}] : []));
  const costAt = pauseCrossingCosts({
    frameCount: referenceFrames.count,
    wordStarts: spoken.map(({index, time: [start]}, k) => ({
      frame: referenceFrameAt(start),
      previousWord: k > 0 ? reference.words[spoken[k - 1]!.index]! : null,
    })),
  });
  const path = dtw(referenceFrames, targetFrames, {afterPause, costAt});
  const targetFrameAt = (seconds: number) => {
    const frame = referenceFrameAt(seconds);
    if (frame >= referenceFrames.count) return targetFrames.count;
    return mapFrame({path, frame, reference: referenceFrames, target: targetFrames, afterPause});
  };
  const {kept} = targetSpoken;
  // A boundary before kept frame k: a word starts at that frame, and ends where the frame before
  // it ends, which is at a pause's start when one was taken out between them.
  const startAt = (k: number) => (k >= kept.length ? kept.at(-1)! + 1 : kept[k]!) * hopInSeconds;
  const endAt = (k: number) => (k <= 0 ? kept[0]! : kept[k - 1]! + 1) * hopInSeconds;
  const words: TimedWord[] = spoken.map(({time: [start, end]}) => ({startInSeconds: startAt(targetFrameAt(start)), endInSeconds: endAt(targetFrameAt(end))}));
  snapBoundariesToPauses(words, targetSpeech.speech);
  const referencePauses = pausesBefore(referenceSpoken.kept);
  const referencePausedBefore = spoken.map(({time: [start]}) => referencePauses[keptIndexAtOrAfter(referenceSpoken.kept, Math.round(start / hopInSeconds))] === 1);
  snapBoundariesToShortPauses(words, targetSpeech.shortPauses, referencePausedBefore);
  makeMonotonic(words, durationInSeconds);
  const times: (WordTime | null)[] = reference.times.map(() => null);
  spoken.forEach(({index}, k) => (times[index] = [words[k]!.startInSeconds, words[k]!.endInSeconds]));
  return fillUnspokenWords(times);
};
