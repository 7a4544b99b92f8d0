/**
 * The few Unicode facts the splitter needs, from regular-expression property escapes only (no
 * `Intl.Segmenter`): the output feeds cache keys computed in Node and in Chrome, and ICU's
 * segmentation rules and dictionaries change between versions, while the properties used here
 * are stable for characters that already exist.
 */

const MARK = /\p{M}/u;
const EXTENDED_PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const EMOJI_MODIFIER = /\p{Emoji_Modifier}/u;
const REGIONAL_INDICATOR = /\p{Regional_Indicator}/u;
const LETTER = /\p{L}/u;
const UPPERCASE = /\p{Lu}|\p{Lt}/u;
const LOWERCASE = /\p{Ll}/u;
const DIGIT = /\p{Nd}/u;
const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}\u30FC]/u;
const HIRAGANA = /\p{Script=Hiragana}/u;
const HANGUL = /\p{Script=Hangul}/u;
/** Scripts written without spaces between words whose words cannot be found without a dictionary. */
const UNSPACED_NON_CJK = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

const ZWJ = 0x200d;
const ZWNJ = 0x200c;
/** Virama-like signs that join the next consonant into a conjunct (Unicode 15.1 rule GB9c, widened). */
const VIRAMAS = new Set([0x094d, 0x09cd, 0x0a4d, 0x0acd, 0x0b4d, 0x0bcd, 0x0c4d, 0x0ccd, 0x0d4d, 0x0dca, 0x1039, 0x17d2]);
/** Grapheme_Cluster_Break=Prepend characters that occur in practice (Arabic number signs…). */
const PREPEND = new Set([0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06dd, 0x070f, 0x0890, 0x0891, 0x08e2, 0x110bd, 0x110cd]);

const isTag = (cp: number) => cp >= 0xe0020 && cp <= 0xe007f;
const isConjoiningJamo = (cp: number) =>
  (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xd7b0 && cp <= 0xd7ff);
const isJamoVowelOrTrail = (cp: number) => (cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff);
const isHangulSyllable = (cp: number) => cp >= 0xac00 && cp <= 0xd7a3;

const char = (cp: number) => String.fromCodePoint(cp);

export const isLetter = (c: string) => LETTER.test(c);
export const isUppercase = (c: string) => UPPERCASE.test(c);
export const isLowercase = (c: string) => LOWERCASE.test(c);
export const isDigit = (c: string) => DIGIT.test(c);
export const isHan = (c: string) => HAN.test(c);
export const isKana = (c: string) => KANA.test(c);
export const isHiragana = (c: string) => HIRAGANA.test(c);
export const isHangul = (c: string) => HANGUL.test(c);
/** Han and kana: Chinese and Japanese, written without spaces; any character boundary is a word-level break. */
export const isCjk = (c: string) => isHan(c) || isKana(c);
export const isUnspacedNonCjk = (c: string) => UNSPACED_NON_CJK.test(c);
export const isEmoji = (c: string) => EXTENDED_PICTOGRAPHIC.test(c) || REGIONAL_INDICATOR.test(c);

/** Whether the code point only extends the grapheme before it (never starts a break). */
const extendsPrevious = (cp: number): boolean =>
  cp === ZWJ || cp === ZWNJ || isTag(cp) || MARK.test(char(cp)) || EMOJI_MODIFIER.test(char(cp));

/** A grapheme cluster of the text: its UTF-16 range and its code points. */
export type Grapheme = {start: number; end: number; codePoints: number[]};

/**
 * Extended grapheme clusters, by a conservative subset of UAX #29: never breaks before a mark,
 * ZWJ/ZWNJ, variation selector, emoji modifier or tag; never after ZWJ, a Prepend character or
 * a virama followed by a letter; keeps regional-indicator pairs (flags) and conjoining Hangul jamo
 * together. Where it differs from ICU it keeps more together, never less.
 */
export const graphemes = (text: string): Grapheme[] => {
  const out: Grapheme[] = [];
  let regionalIndicatorRun = 0;
  let offset = 0;
  let previous: number | null = null;
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    const current = out[out.length - 1];
    let join = false;
    if (current && previous !== null) {
      if (extendsPrevious(cp)) join = true;
      else if (previous === ZWJ) join = true;
      else if (PREPEND.has(previous)) join = true;
      else if (VIRAMAS.has(previous) && isLetter(c)) join = true;
      else if (REGIONAL_INDICATOR.test(c) && regionalIndicatorRun % 2 === 1) join = true;
      else if (isConjoiningJamo(previous) && isConjoiningJamo(cp)) join = true;
      else if (isHangulSyllable(previous) && isJamoVowelOrTrail(cp)) join = true;
    }
    regionalIndicatorRun = REGIONAL_INDICATOR.test(c) ? regionalIndicatorRun + 1 : 0;
    if (join && current) {
      current.end = offset + c.length;
      current.codePoints.push(cp);
    } else {
      out.push({start: offset, end: offset + c.length, codePoints: [cp]});
    }
    previous = cp;
    offset += c.length;
  }
  return out;
};

export const FNV_OFFSET_BASIS = 0x811c9dc5;

/** 32-bit FNV-1a of the UTF-16 code units: deterministic everywhere, no crypto needed. */
export const fnv1a = (text: string, seed = FNV_OFFSET_BASIS): number => {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};
