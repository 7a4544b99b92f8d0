import type {NarrationTimeline, TimelineWord} from '../timeline.ts';

/** A caption page: at most `maxLines` lines of words, shown from its first word on. */
export type CaptionPage = {
  lines: TimelineWord[][];
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
export const DEFAULT_MAX_LINES = 2;
/** How long a page stays after its last word when nothing follows soon. */
const HOLD_IN_SECONDS = 0.7;

const lineLength = (words: TimelineWord[]) => words.reduce((sum, word, index) => sum + [...word.text].length + (index > 0 ? 1 : 0), 0);

/**
 * The narration's words laid out as caption pages: words fill a line up to
 * `maxCharactersPerLine`, lines fill a page up to `maxLines`, and a new cue starts a new page.
 * A page appears when its first word is spoken, never before, and stays until the next page
 * (or `HOLD_IN_SECONDS` after its last word).
 */
export const captionPages = ({
  timeline,
  maxCharactersPerLine = DEFAULT_MAX_CHARACTERS_PER_LINE,
  maxLines = DEFAULT_MAX_LINES,
}: {
  timeline: NarrationTimeline;
  maxCharactersPerLine?: number;
  maxLines?: number;
}): CaptionPage[] => {
  const pages: CaptionPage[] = [];
  for (const cue of timeline.cues) {
    const words = cue.clips.flatMap((clip) => clip.words.map((word) => ({word, estimated: clip.file === null})));
    let page: CaptionPage | null = null;
    for (const {word, estimated} of words) {
      const line = page?.lines.at(-1);
      if (page && line && lineLength([...line, word]) <= maxCharactersPerLine) {
        line.push(word);
      } else if (page && page.lines.length < maxLines) {
        page.lines.push([word]);
      } else {
        page = {lines: [[word]], startInSeconds: word.startInSeconds, endInSeconds: word.endInSeconds, cueId: cue.id, estimated: false};
        pages.push(page);
      }
      page.endInSeconds = Math.max(page.endInSeconds, word.endInSeconds);
      page.estimated ||= estimated;
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
