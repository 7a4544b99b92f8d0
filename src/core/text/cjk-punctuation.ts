import {isEastAsianWide} from './display-width.ts';
import {isCjk} from './unicode.ts';

/**
 * Punctuation that opens: brackets and opening quotes (Unicode Ps and Pi: `（「『【《〈“‘` and
 * their ASCII kin). In Chinese text it belongs to the character after it, and no line ends with it.
 */
const OPENING = /^[\p{Ps}\p{Pi}]/u;
const OPENING_RUN = /^[\p{Ps}\p{Pi}]+/u;

/**
 * Punctuation no line of Chinese text starts with (kinsoku, as CSS `line-break: strict`): closing
 * brackets and quotes (Pe, Pf: `）」』】》〉”’`), and the marks that end a clause or sentence
 * (`，。、；：！？…`, and their ASCII kin), the interpunct and the percent signs.
 */
const CLOSING = /^[\p{Pe}\p{Pf}，。、；：！？…‥,.;:!?·・%％‰]/u;

/** Where a clause or sentence ends: the best places to break a line of Chinese text. */
const CLAUSE_END = /[，。、；：！？…,.;:!?][\p{Pe}\p{Pf}]*$/u;

const PUNCTUATION = /^\p{P}$/u;

/** Whether `text` starts with punctuation that opens (and so belongs to what follows). */
export const startsWithOpening = (text: string): boolean => OPENING.test(text);

/** How many UTF-16 units of opening quotes and brackets `text` starts with (`「你` → 1, `("Hi` → 2). */
export const openingLength = (text: string): number => OPENING_RUN.exec(text)?.[0].length ?? 0;

/** Whether `text` ends with punctuation that opens: no line of Chinese text may end so. */
export const endsWithOpening = (text: string): boolean => text.length > 0 && OPENING.test([...text].at(-1)!);

/** Whether `text` starts with punctuation no line of Chinese text may start with. */
export const startsWithClosing = (text: string): boolean => CLOSING.test(text);

/** Whether `text` ends a clause or a sentence (`，` `。` `！`…, perhaps followed by a closing quote). */
export const endsClause = (text: string): boolean => CLAUSE_END.test(text);

/** Whether a character is punctuation (any Unicode P category). */
export const isPunctuation = (c: string): boolean => PUNCTUATION.test(c);

/** A Chinese or Japanese character, or a full-width punctuation mark (`，。「（`): written with no space around it. */
export const isSetTight = (c: string): boolean => isCjk(c) || isFullWidthPunctuation(c);

/**
 * Whether two words with no written text between them (the end of one cue and the start of the
 * next) are shown without a space, as Chinese is written: between two characters `isSetTight`,
 * and after full-width punctuation, which carries its own space. `before` is the last character
 * of the first, `after` the first of the second.
 */
export const joinsWithoutSpace = (before: string, after: string): boolean =>
  isFullWidthPunctuation(before) || (isSetTight(before) && isSetTight(after));

/** `，` `。` `「` `（`…: punctuation drawn full width (East Asian Wide or Fullwidth). */
export const isFullWidthPunctuation = (c: string): boolean => isPunctuation(c) && isEastAsianWide(c);
