import {graphemes, isCjk} from './unicode.ts';

/** A word of a text and where it is: `text.slice(start, end) === word.text`. */
export type WordSpan = {text: string; start: number; end: number};

/**
 * The words of a normalized text, in order: runs of characters between spaces, punctuation kept
 * with its word ("Hello," — as captions show it). Chinese and Japanese, written without spaces,
 * count one word per character. The one tokenization that word timing, captions and bookmarks
 * share, in Node and in the browser.
 */
export const wordsOf = (text: string): WordSpan[] => {
  const words: WordSpan[] = [];
  let start = -1;
  const close = (end: number) => {
    if (start !== -1) words.push({text: text.slice(start, end), start, end});
    start = -1;
  };
  for (const grapheme of graphemes(text)) {
    const first = text.slice(grapheme.start, grapheme.end);
    if (/^\s$/u.test(first)) {
      close(grapheme.start);
    } else if (isCjk(first)) {
      close(grapheme.start);
      words.push({text: first, start: grapheme.start, end: grapheme.end});
    } else if (start === -1) {
      start = grapheme.start;
    }
  }
  close(text.length);
  return words;
};
