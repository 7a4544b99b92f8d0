import {graphemes, isDigit, isEmoji, isHan, isHangul, isKana} from './unicode.ts';

/**
 * Estimated speech per grapheme at speed 1, in whole milliseconds (integers, so sums and
 * comparisons are exact and identical in every engine).
 *
 * - 65 ms for letters, spaces and punctuation: ~15 characters a second (English, ~150 words a
 *   minute).
 * - Han 250 ms (Mandarin ~4 syllables a second; a kanji is 1-3 morae), kana 150 ms (Japanese
 *   ~7-8 morae a second), Hangul syllable 200 ms. Mandarin narration runs at 4-5 syllables a
 *   second, one syllable a character (issue #15, the notes on Chinese narration): 250 ms is the
 *   slow end, so a clip the estimate fits within Kling's 15 s (60 Han characters at most) fits
 *   too when the voice speaks slower than average. Full-width punctuation counts 65 ms
 *   like any other (the 4-5 a second already include the pauses). The figure predates Chinese
 *   support and stays: 225 ms (4.4 a second) would re-split most multi-sentence Chinese cues.
 * - Latin letters and digits inside Chinese text cost what they cost in English text ("iPhone",
 *   "2024"): the estimate looks at each character, never at the cue's language.
 * - Digits 200 ms ("2024" is "twenty twenty-four", ~0.8 s).
 * - Emoji 800 ms: a TTS may read one out ("grinning face"); 150 × 😀 pass a character check but
 *   are about two minutes of speech if read.
 * - Symbols that are read as words (% & @ # + = / € $ …) 300 ms.
 *
 * Estimates, not measurements of Kling: they decide where long text is split before any request
 * and how long a clip not generated yet lasts in Studio. Measured lengths replace them.
 */
export const SPEECH_MS_PER_GRAPHEME = {
  default: 65,
  han: 250,
  kana: 150,
  hangul: 200,
  digit: 200,
  emoji: 800,
  spokenSymbol: 300,
} as const;

/** Includes the full-width forms Chinese text uses (％ ＆ ＠ ＃ ＊ ／ ＼; ＋ ＝ ￥ are already Sm and Sc). */
const SPOKEN_SYMBOL = /[\p{Sc}\p{Sm}%‰‱&@#*/\\§¶°％＆＠＃＊／＼]/u;
const SILENT = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

/** Estimated milliseconds of speech of one grapheme (given as its code points) at speed 1. */
export const graphemeSpeechInMs = (codePoints: number[]): number => {
  const first = String.fromCodePoint(codePoints[0]!);
  if (codePoints.some((cp) => isEmoji(String.fromCodePoint(cp)))) return SPEECH_MS_PER_GRAPHEME.emoji;
  if (isHan(first)) return SPEECH_MS_PER_GRAPHEME.han;
  if (isKana(first)) return SPEECH_MS_PER_GRAPHEME.kana;
  if (isHangul(first)) return SPEECH_MS_PER_GRAPHEME.hangul;
  if (isDigit(first)) return SPEECH_MS_PER_GRAPHEME.digit;
  if (SPOKEN_SYMBOL.test(first)) return SPEECH_MS_PER_GRAPHEME.spokenSymbol;
  // Letters with combining marks (Devanagari vowel signs…) are spoken per code point.
  let ms = 0;
  for (const cp of codePoints) {
    if (!SILENT.has(cp) && !(cp >= 0xfe00 && cp <= 0xfe0f)) ms += SPEECH_MS_PER_GRAPHEME.default;
  }
  return ms;
};

/**
 * Estimated seconds of speech of `text` at `speed` (1 = normal), grapheme by grapheme: the one
 * estimate behind the speech limit check, the splitting of long text and the length of clips not
 * generated yet.
 */
export const estimateSpeechInSeconds = ({text, speed}: {text: string; speed: number}): number => {
  let ms = 0;
  for (const grapheme of graphemes(text)) ms += graphemeSpeechInMs(grapheme.codePoints);
  return ms / 1000 / speed;
};
