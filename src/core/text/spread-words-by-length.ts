import {estimateSpeechInSeconds} from './estimate-speech.ts';

/** Shortest share a word gets, so that a word with nothing to say ("—") still has a place. */
const MIN_WORD_WEIGHT_IN_SECONDS = 0.01;

/** Each word's estimated length at speed 1 (at least 10 ms): how words share speech no measurement describes. */
export const wordWeights = (words: readonly {text: string}[]): number[] =>
  words.map((word) => Math.max(MIN_WORD_WEIGHT_IN_SECONDS, estimateSpeechInSeconds({text: word.text, speed: 1})));

/**
 * Words spread over a stretch of `lengthInSeconds` in proportion to their estimated length: each
 * word's [start, end] in seconds from the stretch's start. The timeline uses it for clips not
 * measured yet; the aligner's fallback, over the detected speech of a clip.
 */
export const spreadWordsByLength = ({words, lengthInSeconds}: {words: readonly {text: string}[]; lengthInSeconds: number}): [number, number][] => {
  const weights = wordWeights(words);
  const total = weights.reduce((sum, weight) => sum + weight, 0) || 1;
  let before = 0;
  return weights.map((weight) => {
    const start = (before / total) * lengthInSeconds;
    before += weight;
    return [start, (before / total) * lengthInSeconds];
  });
};
