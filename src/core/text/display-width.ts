import {graphemes} from './unicode.ts';

/**
 * Wide (W) and Fullwidth (F) code points of Unicode's East Asian Width property (UAX #11, data
 * file EastAsianWidth.txt, Unicode 15.1), apart from emoji, which `EMOJI_PRESENTATION` covers: the
 * CJK, Hangul, kana, Bopomofo, Yi, Tangut and Nüshu blocks, CJK punctuation, and the full-width
 * forms. A few unassigned code points inside these blocks are counted wide too (they render as
 * nothing anyway). Pairs of [first, last], in order.
 */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2329, 0x232a], // angle brackets 〈 〉 (the old ones)
  [0x2e80, 0x303e], // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation (U+3000 is F)
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility jamo, Kanbun, CJK strokes, enclosed CJK, CJK compatibility
  [0x3400, 0x4dbf], // CJK Unified Ideographs Extension A
  [0x4e00, 0xa4cf], // CJK Unified Ideographs, Yi
  [0xa960, 0xa97f], // Hangul Jamo Extended-A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK Compatibility Ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // full-width ASCII and punctuation (F)
  [0xffe0, 0xffe6], // full-width signs ￠ ￡ ￥ (F)
  [0x16fe0, 0x16fe4], // ideographic symbols
  [0x16ff0, 0x16ff1],
  [0x17000, 0x18cff], // Tangut, Khitan
  [0x18d00, 0x18d08],
  [0x1aff0, 0x1b2ff], // Kana extended, small kana, Nüshu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK Unified Ideographs Extensions B-F and supplement (plane 2)
  [0x30000, 0x3fffd], // plane 3 (Extensions G, H)
];

/**
 * Ambiguous (A) code points that Chinese text uses as punctuation: curly quotes, the ellipsis, the
 * em dash, the middle dot and a few signs. UAX #11 says to count Ambiguous characters wide in an
 * East Asian context, which is how Chinese fonts draw these; elsewhere they are narrow. (A subset
 * of the class: Greek, Cyrillic and box drawing, also Ambiguous, are proportional in the CJK
 * webfonts captions use.)
 */
const AMBIGUOUS_IN_CHINESE = new Set([
  0x00a7, 0x00a8, 0x00b0, 0x00b1, 0x00b7, 0x00d7, 0x00f7, 0x2010, 0x2013, 0x2014, 0x2015, 0x2016, 0x2018, 0x2019, 0x201c, 0x201d, 0x2020,
  0x2021, 0x2022, 0x2024, 0x2025, 0x2026, 0x2027, 0x2030, 0x2032, 0x2033, 0x2035, 0x203b, 0x203e, 0x2103, 0x2116, 0x2121, 0x2160,
  0x2161, 0x2162, 0x2163, 0x2164, 0x2165, 0x2166, 0x2167, 0x2168, 0x2169, 0x216a, 0x216b, 0x2190, 0x2191, 0x2192, 0x2193, 0x2605,
  0x2606, 0x25a0, 0x25a1, 0x25b2, 0x25b3, 0x25cb, 0x25ce, 0x25cf,
]);

/** Emoji drawn as emoji by default: East Asian Width W since Unicode 9 (UAX #11, section 5). */
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const EXTENDED_PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const EMOJI_VARIATION_SELECTOR = 0xfe0f;
/** Controls, format characters (ZWJ, soft hyphen) and marks take no column of their own. */
const ZERO_WIDTH = /^[\p{Cc}\p{Cf}\p{Mn}\p{Me}]$/u;

const isWideCodePoint = (cp: number): boolean => {
  let low = 0;
  let high = WIDE_RANGES.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const [first, last] = WIDE_RANGES[middle]!;
    if (cp < first) high = middle - 1;
    else if (cp > last) low = middle + 1;
    else return true;
  }
  return false;
};

/**
 * Whether a character (its first code point) is East Asian Wide or Fullwidth, emoji aside: a
 * Chinese character, kana, Hangul, full-width punctuation (`，。「」`) or a full-width letter.
 */
export const isEastAsianWide = (c: string): boolean => {
  const cp = c.codePointAt(0);
  return cp !== undefined && isWideCodePoint(cp);
};

/** Columns of one grapheme cluster: 2 for a wide character or an emoji, 0 for a lone mark or control, 1 otherwise. */
const graphemeWidth = (codePoints: readonly number[], eastAsian: boolean): number => {
  const first = codePoints[0]!;
  const char = String.fromCodePoint(first);
  if (isWideCodePoint(first) || EMOJI_PRESENTATION.test(char)) return 2;
  if (codePoints.includes(EMOJI_VARIATION_SELECTOR) && EXTENDED_PICTOGRAPHIC.test(char)) return 2;
  if (eastAsian && AMBIGUOUS_IN_CHINESE.has(first)) return 2;
  if (ZERO_WIDTH.test(char)) return 0;
  return 1;
};

/**
 * How many columns `text` takes on a monospace grid, by Unicode's East Asian Width (UAX #11): a
 * Chinese character or full-width punctuation mark counts two, a Latin letter, digit or space
 * one, an emoji two (a whole emoji sequence, by grapheme cluster), a combining mark none. With
 * `eastAsian` (Chinese text), the Ambiguous punctuation Chinese fonts draw full width (“ ” ‘ ’ …
 * — ·) counts two as well. Caption lines are measured with it.
 */
export const displayWidth = (text: string, {eastAsian = false}: {eastAsian?: boolean} = {}): number => {
  let width = 0;
  for (const grapheme of graphemes(text)) width += graphemeWidth(grapheme.codePoints, eastAsian);
  return width;
};

/** `text` padded with spaces at its end to `columns` display columns (as `padEnd`, for text with wide characters). */
export const padEndToWidth = (text: string, columns: number): string => text + ' '.repeat(Math.max(0, columns - displayWidth(text)));
