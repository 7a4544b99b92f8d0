import {isFullWidthPunctuation, isPunctuation, startsWithOpening} from './cjk-punctuation.ts';
import {graphemes, isCjk} from './unicode.ts';

/** A word of a text and where it is: `text.slice(start, end) === word.text`. */
export type WordSpan = {text: string; start: number; end: number};

type Piece = {start: number; end: number};

/**
 * The words of a normalized text, in order: runs of characters between spaces, punctuation kept
 * with its word ("Hello," — as captions show it). The one tokenization that word timing,
 * captions and bookmarks share, in Node and in the browser.
 *
 * Chinese and Japanese, written without spaces, count one word per character, and a run of other
 * letters or digits inside them is one word (`API`, `2024`, `iPhone`). Their punctuation belongs
 * to the character before it (`欢迎，` `好。”`), opening brackets and quotes to the one after it
 * (`「你`), so no word is punctuation alone. Text between spaces with no Chinese or Japanese
 * character in it is one word, exactly as before Chinese was supported.
 */
export const wordsOf = (text: string): WordSpan[] => {
  const words: WordSpan[] = [];
  const quotes = asciiQuotesThatOpen(text);
  let chunk: Piece[] = [];
  const close = () => {
    if (chunk.length > 0) words.push(...wordsOfChunk(text, chunk, quotes));
    chunk = [];
  };
  for (const grapheme of graphemes(text)) {
    if (/^\s$/u.test(text.slice(grapheme.start, grapheme.end))) close();
    else chunk.push({start: grapheme.start, end: grapheme.end});
  }
  close();
  return words;
};

/** The words of the graphemes between two spaces. */
const wordsOfChunk = (text: string, graphemesOfChunk: Piece[], quotesThatOpen: ReadonlySet<number>): WordSpan[] => {
  const span = ({start, end}: Piece): WordSpan => ({text: text.slice(start, end), start, end});
  const cjk = graphemesOfChunk.map((grapheme) => isCjk(text.slice(grapheme.start, grapheme.end)));
  const fullWidthMark = (grapheme: Piece) => isFullWidthPunctuation(text.slice(grapheme.start, grapheme.end));
  const isPunctuationPiece = (grapheme: Piece) => isPunctuation(text.slice(grapheme.start, grapheme.end));
  const marksBetweenWords = graphemesOfChunk.some((grapheme, index) => {
    const next = graphemesOfChunk[index + 1];
    return fullWidthMark(grapheme) && next !== undefined && /^[\p{L}\p{N}]/u.test(text.slice(next.start, next.end));
  });
  if (!cjk.includes(true) && !marksBetweenWords) {
    return [span({start: graphemesOfChunk[0]!.start, end: graphemesOfChunk.at(-1)!.end})];
  }
  const opens = (grapheme: Piece) =>
    text[grapheme.start] === '"' ? quotesThatOpen.has(grapheme.start) : startsWithOpening(text.slice(grapheme.start, grapheme.end));
  const punctuation = isPunctuationPiece;

  // Each Chinese character is a piece, and so is each run of other characters between them; a
  // full-width mark inside such a run ends a piece too ("Code、TypeScript、React" is three words).
  const pieces: {graphemes: Piece[]; cjk: boolean}[] = [];
  graphemesOfChunk.forEach((grapheme, index) => {
    const last = pieces.at(-1);
    const previous = last?.graphemes.at(-1);
    const afterMark = previous !== undefined && fullWidthMark(previous) && !punctuation(grapheme);
    if (!cjk[index] && last && !last.cjk && !afterMark) last.graphemes.push(grapheme);
    else pieces.push({graphemes: [grapheme], cjk: cjk[index]!});
  });

  // Each run of other characters gives its leading punctuation to the word before, its trailing
  // opening punctuation to the word after, and is a word itself if anything else is left.
  const words: Piece[] = [];
  let carried: Piece | null = null;
  const add = (piece: Piece) => {
    words.push({start: carried?.start ?? piece.start, end: piece.end});
    carried = null;
  };
  const attachToPrevious = (piece: Piece) => {
    const previous = words.at(-1);
    if (previous && !carried) previous.end = piece.end;
    else carried = {start: carried?.start ?? piece.start, end: piece.end};
  };
  pieces.forEach(({graphemes: piece, cjk: isChinese}, index) => {
    if (isChinese) {
      add(piece[0]!);
      return;
    }
    let first = 0;
    while (first < piece.length && punctuation(piece[first]!) && !opens(piece[first]!)) first++;
    let last = piece.length;
    while (last > first && opens(piece[last - 1]!)) last--;
    if (first > 0) attachToPrevious({start: piece[0]!.start, end: piece[first - 1]!.end});
    const middle = piece.slice(first, last);
    if (middle.length > 0) {
      const whole = {start: middle[0]!.start, end: middle.at(-1)!.end};
      if (middle.every(punctuation)) attachToPrevious(whole);
      else add(whole);
    }
    if (last < piece.length) {
      const opening = {start: piece[last]!.start, end: piece.at(-1)!.end};
      // Opening punctuation at the end of the chunk has no word after it: it stays with the one before.
      if (index === pieces.length - 1) attachToPrevious(opening);
      else carried = {start: carried?.start ?? opening.start, end: opening.end};
    }
  });
  if (carried) words.push(carried);
  return words.map(span);
};

/**
 * The offsets of the straight double quotes (`"`) that open a quotation: every other one, from
 * the first. Chinese text typed on an English keyboard quotes with them, and only their order
 * tells an opening quote from a closing one.
 */
const asciiQuotesThatOpen = (text: string): Set<number> => {
  const opening = new Set<number>();
  let count = 0;
  for (let index = text.indexOf('"'); index !== -1; index = text.indexOf('"', index + 1)) {
    if (count++ % 2 === 0) opening.add(index);
  }
  return opening;
};
