import {normalizeText} from './normalize-text.ts';
import {extractMarks} from './text/marks.ts';
import {graphemes, isCjk, isHangul} from './text/unicode.ts';

/**
 * A cue's text as messages quote it: in double quotes, whitespace collapsed, bookmarks
 * (`<mark name="..."/>`) left out, and when it is longer than `maxCharacters` (default 60), only
 * its start, cut at a word boundary and followed by "…". A paragraph cue's text can be kilobytes;
 * a message names the cue by its id and quotes enough of the text to recognise it.
 *
 * Chinese, Japanese and Korean characters count as two, as they take two columns in a terminal;
 * text without spaces is cut between characters. A cut never splits a character (emoji, accents).
 *
 * `quoteCueText('Every second, the Sun turns about four million tonnes of matter into energy.')`
 * is `"Every second, the Sun turns about four million tonnes of…"`.
 */
export const quoteCueText = (text: string, {maxCharacters = 60}: {maxCharacters?: number} = {}): string => {
  const spoken = extractMarks(normalizeText(text)).text;
  const characters = graphemes(spoken).map(({start, end}) => spoken.slice(start, end));
  let width = 0;
  let end = 0;
  for (; end < characters.length; end++) {
    const next = isWide(characters[end]!) ? 2 : 1;
    if (width + next > maxCharacters) break;
    width += next;
  }
  if (end === characters.length) return `"${spoken}"`;

  let cut = end;
  const betweenWords = characters[end] === ' ' || isWide(characters[end]!) || isWide(characters[end - 1] ?? '');
  if (!betweenWords) {
    const space = characters.lastIndexOf(' ', end - 1);
    // One very long word (a URL) is cut inside rather than quoted as almost nothing.
    if (space > end / 2) cut = space;
  }
  return `"${characters.slice(0, cut).join('').replace(TRAILING_PUNCTUATION, '')}…"`;
};

/** Dropped before the "…": `"It was late…"` reads as a quote cut short, `"It was late,…"` less so. */
const TRAILING_PUNCTUATION = /[\s,.;:!?\-–—、，。；：！？]+$/u;

/** CJK punctuation and full-width forms: as wide as the characters around them. */
const WIDE_PUNCTUATION = /[\u3000-\u303F\uFF01-\uFF60\uFFE0-\uFFE6]/u;

const isWide = (character: string): boolean => isCjk(character) || isHangul(character) || WIDE_PUNCTUATION.test(character);
