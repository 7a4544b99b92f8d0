import {normalizeText} from '../normalize-text.ts';
import {graphemeSpeechInMs} from './estimate-speech.ts';
import {findBreaks, sentenceSpans, type Break, type Span} from './find-breaks.ts';
import {FNV_OFFSET_BASIS, fnv1a, graphemes} from './unicode.ts';

/** One clip of a cue's text: a span of the normalized text, `normalizeText(text).slice(start, end) === span.text`. */
export type ClipSpan = {
  text: string;
  /** Offset of the clip's first UTF-16 code unit in the normalized text. */
  start: number;
  /** Offset just after its last one (exclusive). */
  end: number;
};

export type SplitTextIntoClipsOptions = {
  /** A cue's text; it is normalized first (see `normalizeText`). */
  text: string;
  /** Most characters (Unicode code points) in one clip. */
  maxCharacters: number;
  /** Most estimated seconds of speech in one clip at `speed` (see `estimateSpeechInSeconds`). */
  maxSpeechInSeconds: number;
  /** The cue's speed, 1 = normal; speech is estimated at this speed. Default 1. */
  speed?: number;
};

// The packing rule's tuning. Fixed: clip texts are cache keys, so changing any of these
// re-splits cues and regenerates their audio (the snapshot test makes that deliberate).

/** One sentence in 2 (by hash) is an anchor that ends its clip: 1 in 3 or 4 made bigger clips but more regenerations per edit. */
const ANCHOR_PERIOD = 2;
/** Sentences under maxCharacters / 5 code points (30 at 150) are never cut off by an anchor: "No setup." alone is a request with no context. */
const SHORT_SENTENCE_DIVISOR = 5;
/** The anchor hash's seed: FNV-1a's standard offset basis, the one the clips were frozen with. */
const ANCHOR_SEED = FNV_OFFSET_BASIS;

// Cutting one long sentence, in break-cost units (see `BREAK_COST`).

/** Cost of one more piece: three pieces cut at commas cost about as much as two cut between words. */
const PIECE_COST = 4;
/** Weight of each piece's squared fullness: even pieces rather than a full one and a scrap. */
const BALANCE_COST = 6;
/** A piece over the limits (one grapheme too big for them): allowed only when nothing else is. */
const OVERFLOW_COST = 1e9;

type Limits = {maxCharacters: number; maxSpeechInSeconds: number; speed: number};

/** Characters and speech of any range of one normalized text, from prefix sums. */
type Measure = {
  /** Unicode code points. */
  characters: (start: number, end: number) => number;
  /** Estimated milliseconds of speech at speed 1, summed per grapheme (whole numbers, so exact). */
  speechInMs: (start: number, end: number) => number;
};

const measure = (text: string): Measure => {
  const characterPrefix = new Int32Array(text.length + 1);
  const speechPrefix = new Float64Array(text.length + 1);
  let characters = 0;
  let ms = 0;
  for (const grapheme of graphemes(text)) {
    for (let i = grapheme.start; i < grapheme.end; i++) {
      characterPrefix[i] = characters;
      speechPrefix[i] = ms;
    }
    characters += grapheme.codePoints.length;
    ms += graphemeSpeechInMs(grapheme.codePoints);
  }
  characterPrefix[text.length] = characters;
  speechPrefix[text.length] = ms;
  return {
    characters: (start, end) => characterPrefix[end]! - characterPrefix[start]!,
    speechInMs: (start, end) => speechPrefix[end]! - speechPrefix[start]!,
  };
};

/**
 * Whether a range is within the limits, computed as `estimateSpeechInSeconds` and the request
 * check compute it, so that a clip that fits here is never refused before the request.
 */
const fits = (m: Measure, limits: Limits, start: number, end: number): boolean =>
  m.characters(start, end) <= limits.maxCharacters && m.speechInMs(start, end) / 1000 / limits.speed <= limits.maxSpeechInSeconds;

/** How full a range is: the larger of its two ratios to the limits (1 = exactly full). */
const fullness = (m: Measure, limits: Limits, start: number, end: number): number =>
  Math.max(m.characters(start, end) / limits.maxCharacters, m.speechInMs(start, end) / (limits.maxSpeechInSeconds * 1000 * limits.speed));

/**
 * Cuts a sentence that does not fit into the pieces of least total cost: the fewest pieces, cut
 * at the most natural breaks, of even size. Dynamic programming over the breaks inside the
 * sentence; a piece never holds more than one clip's worth of breaks, so the work is linear in the
 * sentence's length. Ties keep the first candidate found.
 */
const splitLongSentence = (m: Measure, limits: Limits, sentence: Span, breaks: Break[]): Span[] => {
  // Positions: the sentence start (0), each inner break (1…n-1), the sentence end (n).
  const inner = breaks.filter((each) => each.end > sentence.start && each.start < sentence.end);
  const n = inner.length + 1;
  const startAfter = (i: number) => (i === 0 ? sentence.start : inner[i - 1]!.start);
  const endAt = (j: number) => (j === n ? sentence.end : inner[j - 1]!.end);
  const cutCost = (j: number) => (j === n ? 0 : inner[j - 1]!.cost);
  const best = new Float64Array(n + 1).fill(Infinity);
  const from = new Int32Array(n + 1).fill(-1);
  best[0] = 0;
  for (let j = 1; j <= n; j++) {
    const end = endAt(j);
    for (let i = j - 1; i >= 0; i--) {
      const start = startAfter(i);
      const ok = fits(m, limits, start, end);
      // Pieces only grow as i goes down; one over the limits is allowed only as a single grapheme.
      if (!ok && i < j - 1) break;
      const full = fullness(m, limits, start, end);
      const cost = best[i]! + PIECE_COST + BALANCE_COST * full * full + cutCost(j) + (ok ? 0 : OVERFLOW_COST);
      if (cost < best[j]!) {
        best[j] = cost;
        from[j] = i;
      }
    }
  }
  const pieces: Span[] = [];
  for (let j = n; j > 0; j = from[j]!) pieces.push({start: startAfter(from[j]!), end: endAt(j)});
  return pieces.reverse();
};

type Unit = Span & {
  /** A piece of a sentence that was too long: never packed with a neighbour. */
  alone: boolean;
};

/**
 * The anchor hash covers a sentence's first and last words only, so rewording its middle does
 * not move a clip boundary.
 */
const anchorKey = (sentence: string): string => {
  const words = sentence.split(' ');
  return words.length > 1 ? `${words[0]} ${words[words.length - 1]}` : sentence;
};

/**
 * Content-defined packing of sentences into clips. A clip ends after a sentence when the sentence
 * or the next one is a piece of a long sentence, when the two do not fit in one clip together,
 * or when the sentence is an anchor (its `anchorKey` hash is divisible by `ANCHOR_PERIOD`) and
 * neither it nor the next one is short. Every decision depends on one or two sentences, so an
 * edit does not move boundaries further away, as greedy packing would.
 */
const packSentences = (text: string, units: Unit[], m: Measure, limits: Limits): Span[] => {
  const shortSentenceInCharacters = Math.round(limits.maxCharacters / SHORT_SENTENCE_DIVISOR);
  const isShort = (unit: Unit) => m.characters(unit.start, unit.end) < shortSentenceInCharacters;
  const hashes = units.map((unit) => fnv1a(anchorKey(text.slice(unit.start, unit.end)), ANCHOR_SEED));
  const cutAfter = (i: number): boolean => {
    const a = units[i]!;
    const b = units[i + 1]!;
    if (a.alone || b.alone || !fits(m, limits, a.start, b.end)) return true;
    return hashes[i]! % ANCHOR_PERIOD === 0 && !isShort(a) && !isShort(b);
  };
  const clips: Span[] = [];
  // A run between cuts that is still too long is cut after its largest-hash sentence, recursively:
  // the decision stays inside the run (filling clips greedily would let an edit shift the rest).
  const emitRun = (first: number, last: number) => {
    if (first === last || fits(m, limits, units[first]!.start, units[last]!.end)) {
      clips.push({start: units[first]!.start, end: units[last]!.end});
      return;
    }
    let cut = first;
    for (let i = first + 1; i < last; i++) if (hashes[i]! > hashes[cut]!) cut = i;
    emitRun(first, cut);
    emitRun(cut + 1, last);
  };
  let runStart = 0;
  for (let i = 0; i < units.length; i++) {
    if (i === units.length - 1 || cutAfter(i)) {
      emitRun(runStart, i);
      runStart = i + 1;
    }
  }
  return clips;
};

/**
 * Splits a cue's text into the clips a speech service accepts: at most `maxCharacters` code
 * points and `maxSpeechInSeconds` of estimated speech at `speed` each.
 *
 * - The text is cut into sentences first (abbreviations, decimals, quotes and ellipses are not
 *   sentence ends; in Chinese, `。！？` and the ellipsis `……` are; see `findBreaks`).
 * - A sentence that does not fit is cut into the fewest even pieces at the most natural breaks:
 *   a likely sentence end after an abbreviation, clause punctuation, between words (in Chinese
 *   and Japanese: where they meet a Latin word or a number, else between characters, never just
 *   after an opening quote or bracket), and only for a word that is too long by itself (a URL),
 *   inside it, never inside a grapheme cluster.
 * - Sentences that fit together are packed into clips by a content-defined rule, so that editing
 *   one sentence regenerates about one clip, rarely two.
 *
 * Pure and deterministic (no `Intl`, no Node APIs): the same text gives the same clips in Node
 * and in browsers. Blank text gives `[]`. Between two consecutive spans there is one space or
 * nothing (a cut between CJK characters or inside a word). A single grapheme over the limits
 * (impossible at Kling's) is returned as a clip of its own. Throws a `RangeError` when a limit or
 * the speed is not a positive number.
 */
export const splitTextIntoClips = ({text, maxCharacters, maxSpeechInSeconds, speed = 1}: SplitTextIntoClipsOptions): ClipSpan[] => {
  if (!(maxCharacters >= 1)) {
    throw new RangeError(`maxCharacters must be at least 1, but got ${maxCharacters}.`);
  }
  if (!(maxSpeechInSeconds > 0)) {
    throw new RangeError(`maxSpeechInSeconds must be above 0, but got ${maxSpeechInSeconds}.`);
  }
  if (!(speed > 0)) {
    throw new RangeError(`speed must be above 0, but got ${speed}.`);
  }
  const normalized = normalizeText(text);
  if (!normalized) return [];
  const limits: Limits = {maxCharacters, maxSpeechInSeconds, speed};
  const m = measure(normalized);
  const breaks = findBreaks({text: normalized});
  const units: Unit[] = [];
  for (const sentence of sentenceSpans({text: normalized, breaks})) {
    if (fits(m, limits, sentence.start, sentence.end)) {
      units.push({...sentence, alone: false});
    } else {
      for (const piece of splitLongSentence(m, limits, sentence, breaks)) units.push({...piece, alone: true});
    }
  }
  return packSentences(normalized, units, m, limits).map(({start, end}) => ({text: normalized.slice(start, end), start, end}));
};
