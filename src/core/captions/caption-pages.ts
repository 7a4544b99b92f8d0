import type {NarrationTimeline} from '../timeline.ts';
import {endsClause, endsWithOpening, startsWithClosing} from '../text/cjk-punctuation.ts';
import {displayWidth} from '../text/display-width.ts';
import {captionLanguageOf, captionWordsOfCue, type CaptionLanguage, type CaptionWord} from './caption-words.ts';

/** A caption page: at most `maxLines` lines of words, shown from its first word on. */
export type CaptionPage = {
  lines: CaptionWord[][];
  /** When the page appears: when its first word is spoken. */
  startInSeconds: number;
  /** When it goes: the next page's start, or a moment after its last word. */
  endInSeconds: number;
  /** The cue it belongs to (pages never span two cues). */
  cueId: string;
  /** Some of its words are estimated: their clip is not generated yet. */
  estimated: boolean;
};

/** Readable lines: ~42 characters (the usual subtitle guideline), two lines at most. */
export const DEFAULT_MAX_CHARACTERS_PER_LINE = 42;
/**
 * Lines of Chinese: 16 characters (Netflix's Simplified Chinese Timed Text Style Guide: "16
 * characters per line"; its general requirements: two lines at most), that is 32 columns, a
 * Chinese character taking two.
 */
export const DEFAULT_MAX_COLUMNS_PER_LINE_CHINESE = 32;
export const DEFAULT_MAX_LINES = 2;
/** How long a page stays after its last word when nothing follows soon. */
const HOLD_IN_SECONDS = 0.7;

/** A caption line as shown: its words, with a space between two only where the written text has one. */
export const lineText = (line: readonly CaptionWord[]): string =>
  line.map((word, index) => (index > 0 && word.spaceBefore ? ` ${word.text}` : word.text)).join('');

/**
 * A cue's words broken into lines of at most `maxColumns` display columns (see `displayWidth`),
 * a word longer than that alone on its line. English lines are filled word by word. Chinese ones
 * also follow Chinese line-breaking rules (kinsoku, as CSS `line-break: strict`): no line starts
 * with closing punctuation (`，。」）`…) and none ends with opening punctuation (`「（“`…); and a
 * full line breaks after the clause or sentence that ends in its second half, when there is one,
 * rather than inside a word of two characters the text cannot tell apart.
 */
export const captionLines = ({words, maxColumns, language}: {words: readonly CaptionWord[]; maxColumns: number; language: CaptionLanguage}): CaptionWord[][] => {
  const chinese = language === 'zh';
  const width = (line: readonly CaptionWord[]) => displayWidth(lineText(line), {eastAsian: chinese});
  const fits = (line: readonly CaptionWord[]) => width(line) <= maxColumns;
  /** How many words of the full `line` stay on it when `next` does not fit: a break that keeps the rules. */
  const wordsKept = (line: CaptionWord[], next: CaptionWord): number => {
    if (!chinese) return line.length;
    const allowed = (kept: number) =>
      !endsWithOpening(line[kept - 1]!.text) &&
      !startsWithClosing((line[kept] ?? next).text) &&
      fits([...line.slice(kept), next]);
    let fallback = 0;
    for (let kept = line.length; kept >= 1; kept--) {
      if (!allowed(kept)) continue;
      fallback ||= kept;
      if (endsClause(line[kept - 1]!.text) && width(line.slice(0, kept)) * 2 >= maxColumns) return kept;
    }
    return fallback;
  };
  const lines: CaptionWord[][] = [];
  let line: CaptionWord[] = [];
  for (const word of words) {
    if (line.length === 0 || fits([...line, word])) {
      line.push(word);
      continue;
    }
    const kept = wordsKept(line, word);
    if (kept === 0 && startsWithClosing(word.text)) {
      // No break keeps the rules (a one-word line): the punctuation hangs past the line's end.
      line.push(word);
      continue;
    }
    const at = kept || line.length;
    lines.push(line.slice(0, at));
    line = [...line.slice(at), word];
  }
  if (line.length > 0) lines.push(line);
  if (chinese) balanceLastLine(lines);
  return lines;

  /**
   * A cue's last Chinese line of a character or two ("作视频。" under a full line): the last two
   * lines are broken again where they are most even, keeping the rules. English keeps its lines.
   */
  function balanceLastLine(all: CaptionWord[][]) {
    const last = all.at(-1);
    const before = all.at(-2);
    if (!last || !before || width(last) * ORPHAN_SHARE_OF_LINE > maxColumns) return;
    const both = [...before, ...last];
    let best = before.length;
    let bestDifference = Infinity;
    for (let at = 1; at < both.length; at++) {
      const [first, second] = [both.slice(0, at), both.slice(at)];
      if (!fits(first) || !fits(second) || endsWithOpening(first.at(-1)!.text) || startsWithClosing(second[0]!.text)) continue;
      const difference = Math.abs(width(first) - width(second));
      if (difference < bestDifference) [best, bestDifference] = [at, difference];
    }
    all.splice(-2, 2, both.slice(0, best), both.slice(best));
  }
};

/** A last line narrower than 1/ORPHAN_SHARE_OF_LINE of a line is balanced with the one before. */
const ORPHAN_SHARE_OF_LINE = 4;

/**
 * The narration's words laid out as caption pages: each cue's words broken into lines (see
 * `captionLines`) of at most `maxCharactersPerLine` columns (default 42; for a Chinese cue 32, that
 * is 16 Chinese characters), lines grouped into pages of `maxLines`, and a new cue starts a new
 * page. A page appears when its first word is spoken, never before, and stays until the next page
 * (or `HOLD_IN_SECONDS` after its last word). A cue is laid out as Chinese when its text mostly is
 * (see `captionLanguageOf`), or as `language` says.
 */
export const captionPages = ({
  timeline,
  maxCharactersPerLine,
  maxLines = DEFAULT_MAX_LINES,
  language,
}: {
  timeline: NarrationTimeline;
  /** In display columns: a Latin letter is one, a Chinese character two. */
  maxCharactersPerLine?: number;
  maxLines?: number;
  /** The language of every cue, when its characters should not decide. */
  language?: CaptionLanguage;
}): CaptionPage[] => {
  const pages: CaptionPage[] = [];
  for (const cue of timeline.cues) {
    const words = captionWordsOfCue(cue);
    const cueLanguage = captionLanguageOf(words, language);
    const maxColumns = maxCharactersPerLine ?? (cueLanguage === 'zh' ? DEFAULT_MAX_COLUMNS_PER_LINE_CHINESE : DEFAULT_MAX_CHARACTERS_PER_LINE);
    const lines = captionLines({words, maxColumns, language: cueLanguage});
    for (let first = 0; first < lines.length; first += maxLines) {
      const pageLines = lines.slice(first, first + maxLines);
      const pageWords = pageLines.flat();
      pages.push({
        lines: pageLines,
        startInSeconds: pageWords[0]!.startInSeconds,
        endInSeconds: Math.max(...pageWords.map((word) => word.endInSeconds)),
        cueId: cue.id,
        estimated: pageWords.some((word) => word.estimated),
      });
    }
  }
  pages.forEach((page, index) => {
    const next = pages[index + 1];
    const held = page.endInSeconds + HOLD_IN_SECONDS;
    page.endInSeconds = next ? Math.max(page.endInSeconds, Math.min(held, next.startInSeconds)) : held;
  });
  return pages;
};

/**
 * The page on screen at `seconds`: the last page to have appeared, until it goes. A binary search
 * (pages are in time order), so a frame costs the same in a long course as in a short one.
 */
export const captionPageAt = (pages: CaptionPage[], seconds: number): CaptionPage | null => {
  let low = 0;
  let high = pages.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (pages[middle]!.startInSeconds <= seconds) low = middle + 1;
    else high = middle;
  }
  const page = pages[low - 1];
  return page && seconds < page.endInSeconds ? page : null;
};
