import {
  graphemes,
  isCjk,
  isDigit,
  isEmoji,
  isHan,
  isHiragana,
  isKana,
  isLetter,
  isLowercase,
  isUnspacedNonCjk,
  type Grapheme,
} from './unicode.ts';

/**
 * What kind of place a break is, from the most natural place to pause to the last resort:
 *
 * - `sentence`: a sentence end. Text is always cut into sentences first.
 * - `weak-sentence`: probably a sentence end, but after an abbreviation that can also sit
 *   mid-sentence ("Acme Inc. The…", "the U.S. He…", "9 a.m. Bring…"). Not cut unless the
 *   sentence is too long; then it is the best place.
 * - `clause`: after ; : , and dashes, around brackets, after CJK 、，「」…
 * - `word`: between words, or between CJK characters (slightly better where Chinese meets Latin
 *   letters or digits, or after the particle 的; worse inside a short Latin term such as
 *   "iPhone 16 Pro" in Chinese text, or between a number and its measure word, "2024年").
 * - `inside-token`: inside a word, after / . - _ ? & = # : @ (a URL), or between Thai/Lao syllables.
 * - `grapheme`: between two grapheme clusters of one word: the very last resort.
 */
export type BreakKind = 'sentence' | 'weak-sentence' | 'clause' | 'word' | 'inside-token' | 'grapheme';

/** A place where a normalized text may be cut. Offsets are UTF-16 code units into that text. */
export type Break = {
  /** Where the text before the break ends (exclusive). */
  end: number;
  /** Where the text after the break starts: `end + 1` at a space (the space is dropped), `end` between two characters. */
  start: number;
  kind: BreakKind;
  /** How unnatural a pause here is, in `BREAK_COST` units: 0 at a sentence end, 100 inside a word. */
  cost: number;
};

/** A range of a normalized text, in UTF-16 code units (`end` exclusive). */
export type Span = {start: number; end: number};

/**
 * The cost of each break, lowest = most natural place to pause. The order is what matters; the
 * values are weighed against the cost of one more clip when a long sentence is cut (see
 * `splitTextIntoClips`): three pieces cut at commas cost about the same as two cut between words.
 */
export const BREAK_COST = {
  sentence: 0,
  /** After an abbreviation that may end a sentence: the first place to cut a long one. */
  weakSentence: 1,
  semicolon: 2,
  colon: 3,
  dashAfter: 3,
  comma: 3,
  /** "Wait... what": a pause, but the sentence goes on. */
  ellipsisThenLowercase: 3,
  cjkClause: 3,
  parenthesis: 4,
  /** `"Really?" she asked`: the sentence goes on. */
  questionThenLowercase: 5,
  dashBefore: 5,
  /** Just before and, but, which, because… (但是, 因为, 其中… in Chinese): a phrase boundary, slightly better than any word gap. */
  conjunction: 9,
  /** After hiragana, before kanji or katakana: a rough Japanese phrase boundary. */
  cjkAfterHiragana: 9,
  /** Where Chinese or Japanese meets Latin letters or digits ("使用|iPhone|拍摄"): always a word boundary. */
  cjkAndLatin: 9,
  /**
   * After 的, the structural particle that ends its phrase (我的|朋友): Chinese's most frequent
   * character, and one that rarely starts a word (的确, 的士, 的话 are excluded).
   */
  cjkAfterParticle: 9,
  word: 10,
  cjkCharacter: 10,
  emoji: 10,
  /** "Dr. | Smith": worse than a plain word gap, so the title stays with the name. */
  afterAbbreviation: 12,
  /**
   * Between the words of a Latin term of at most three words inside Chinese text ("iPhone 16
   * Pro", "Visual Studio Code"): a name read as one, while a break between two Han characters
   * is never far.
   */
  latinTermInCjk: 12,
  /** "3.5 | %", "1 | 000", "2024 | 年", "第 | 3": a number is read with its unit, measure word or other digit groups. */
  numberAndUnit: 14,
  /** Thai, Lao: a rough syllable boundary (words need a dictionary). */
  unspacedScript: 30,
  /** Inside a URL-like token, after "/": the best place to cut a URL. */
  afterSlash: 36,
  /** Inside a token, after . - _ ? & = # : @ + ~ , ; | */
  insideToken: 40,
  grapheme: 100,
} as const;

const kindOfCost = (cost: number): BreakKind => {
  if (cost <= BREAK_COST.sentence) return 'sentence';
  if (cost <= BREAK_COST.weakSentence) return 'weak-sentence';
  if (cost < BREAK_COST.conjunction) return 'clause';
  if (cost < BREAK_COST.unspacedScript) return 'word';
  if (cost < BREAK_COST.grapheme) return 'inside-token';
  return 'grapheme';
};

// --- sentence ends ---------------------------------------------------------------------------

const TERMINATORS = '.!?…‽。！？．｡؟।॥‼⁇⁈⁉';
/** Terminators of scripts without letter case: always a sentence end. */
const CASELESS_TERMINATORS = '。！？．｡؟।॥';
const CJK_TERMINATORS = '。！？．｡';
const CLOSERS = `"'”’»›)]}」』）】〕〉》］｝`;
const OPENERS = `"'“‘«‹([{「『（【〔〈《［｛¿¡`;
const CJK_CLAUSE = '、，；：・';
const CJK_OPENING_BRACKETS = '「『（【〔〈《［｛';
const CJK_CLOSING_BRACKETS = '」』）】〕〉》］｝';
/** Curly quotes and ASCII brackets, which Chinese text uses too: treated as CJK brackets next to a CJK character. */
const SHARED_OPENING = '“‘([{';
const SHARED_CLOSING = '”’)]}';
/** Half-width clause punctuation in mixed text ("我们,他们"), with its cost next to a CJK character. */
const HALF_WIDTH_CLAUSE = new Map<string, number>([
  [',', BREAK_COST.comma],
  [';', BREAK_COST.semicolon],
  [':', BREAK_COST.colon],
]);
/** An ellipsis: one or more "…" or two or more ".". */
const ELLIPSIS = /^(?:…+|\.{2,})$/u;
/**
 * Measure words and units that follow a number in Chinese ("2024年", "3个", "5公里", "2万"):
 * a number is not cut from them. After any other character a number is cut like any
 * Chinese-Latin boundary ("16|拍摄").
 */
const AFTER_NUMBER = new Set([...'年月日号时点分秒刻个位只条张本次回岁元块角毛米里斤克吨升度倍人天周名项页章节台辆件种家层楼亿万千百十多余届期册部首场遍份套双对批道公厘毫小']);
/**
 * Chinese conjunctions and connectives that open a clause: a cut just before one is a phrase
 * boundary, as before "and", "because" in English. Two characters each; the one-character ones
 * (和, 而, 但, 与) start or end other words too often (和平, 然而, 不但).
 */
const CHINESE_CONJUNCTIONS = new Set([
  '但是', '可是', '不过', '然而', '而且', '并且', '以及', '或者', '还是', '因为', '所以', '因此', '如果', '虽然', '尽管',
  '然后', '其中', '甚至', '尤其', '此外', '另外', '否则', '除非', '只要', '只有', '无论', '不管', '既然', '即使', '以便',
]);
/** After 的, these make a word with it (的确, 的士, 的话): not a particle there. */
const NOT_AFTER_PARTICLE = '确士话';
const DASHES = '—–';
const TOKEN_PUNCTUATION = '/.-_?&=#:@+~,;|';
const THAI_LAO_FOLLOWING = /[\u0E30-\u0E3A\u0E45-\u0E4E\u0EB0-\u0EBC\u0EC6-\u0ECE]/u;
const THAI_LAO_LEADING = /[\u0E40-\u0E44\u0EC0-\u0EC4]/u;

/** Abbreviations that are (almost) never the last word of a sentence: "Dr. Smith", "e.g. a". */
const NEVER_FINAL = new Set(
  [
    'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'st', 'mt', 'ft', 'gen', 'gov', 'sen', 'rep', 'capt', 'col', 'lt',
    'sgt', 'cpl', 'cmdr', 'adm', 'maj', 'rev', 'hon', 'pres', 'supt', 'messrs', 'mme', 'mlle', 'e.g', 'i.e',
    'cf', 'vs', 'viz', 'approx', 'ca', 'resp', 'incl', 'esp', 'z.b', 'd.h', 'u.a', 'bzw', 'vgl', 'sog',
  ].map((a) => `${a}.`),
);
/** Abbreviations read before a number: not final when a number follows ("No. 5", "Fig. 2"). */
const BEFORE_NUMBER = new Set(
  ['no', 'nos', 'nr', 'fig', 'figs', 'vol', 'p', 'pp', 'ch', 'sec', 'art', 'eq', 'ex', 'op', 'tel'].map((a) => `${a}.`),
);
/** Abbreviations that often end a sentence too: a weak sentence end before a capital. */
const MAYBE_FINAL = new Set(
  [
    'etc', 'inc', 'ltd', 'co', 'corp', 'jr', 'sr', 'bros', 'al', 'usw', 'ggf', 'evtl', 'jan', 'feb', 'mar', 'apr',
    'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun',
    'min', 'max', 'hr', 'hrs', 'sq', 'dept', 'univ', 'ave', 'blvd', 'rd', 'est', 'ed', 'eds', 'trans',
  ].map((a) => `${a}.`),
);
/** Dotted abbreviations and acronyms: U.S., U.S.A., Ph.D., a.m., e.g. */
const DOTTED = /^(\p{L}{1,3}\.){2,}$/u;
const INITIAL = /^\p{L}\.$/u;
const SHORT_ORDINAL = /^\d{1,2}\.$/;
const NUMBER_WITH_PERIOD = /^[\d.,]+\.$/;

const CONJUNCTIONS = new Set([
  'and', 'but', 'or', 'nor', 'so', 'yet', 'because', 'although', 'though', 'while', 'whereas', 'which', 'who',
  'whom', 'whose', 'where', 'when', 'if', 'unless', 'until', 'since', 'then',
]);

/** Whether `c` is one of the characters of `set` (never true for ''). */
const oneOf = (set: string, c: string | undefined): boolean => !!c && set.includes(c);

const stripEnd = (s: string, chars: string) => {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return s.slice(0, end);
};
const stripStart = (s: string, chars: string) => {
  let start = 0;
  while (start < s.length && chars.includes(s[start]!)) start++;
  return s.slice(start);
};
const firstChar = (s: string): string => String.fromCodePoint(s.codePointAt(0) ?? 0);
const lastChar = (s: string): string => {
  const chars = [...s];
  return chars[chars.length - 1] ?? '';
};
/** A letter or digit of a script written with spaces (Latin, Greek, Cyrillic…), as in "iPhone", "2024". */
const isSpacedWordCharacter = (c: string) => (isLetter(c) || isDigit(c)) && !isCjk(c) && !isUnspacedNonCjk(c);
/** Whether the text holds a Chinese or Japanese character (Han or kana). */
const hasCjk = (s: string) => [...s].some(isCjk);

/**
 * The cost of cutting between `a` and `b` where Chinese or Japanese meets a Latin word or a
 * number (with or without a space between them), or null when it does not.
 */
const cjkAndLatinCost = (a: string, b: string): number | null => {
  if (!(isCjk(a) && isSpacedWordCharacter(b)) && !(isSpacedWordCharacter(a) && isCjk(b))) return null;
  if (isDigit(a) && AFTER_NUMBER.has(b)) return BREAK_COST.numberAndUnit; // "2024|年"
  if (a === '第' && isDigit(b)) return BREAK_COST.numberAndUnit; // "第|3章": an ordinal
  return BREAK_COST.cjkAndLatin;
};

/**
 * Whether the space between the words `left` and `right` ends a sentence: 'strong', 'weak' or
 * null. It looks at these two words only, so editing one sentence never moves the boundaries of
 * another (which the packing's stability relies on).
 */
const sentenceEndBetween = (left: string, right: string): 'strong' | 'weak' | null => {
  const core = stripEnd(left, CLOSERS);
  let termStart = core.length;
  while (termStart > 0 && oneOf(TERMINATORS, core[termStart - 1]!)) termStart--;
  const terminator = core.slice(termStart);
  if (!terminator) return null;
  if ([...terminator].some((c) => oneOf(CASELESS_TERMINATORS, c))) return 'strong';
  const next = firstChar(stripStart(right, OPENERS + DASHES));
  // "etc. to", "Wait... what", `"Really?" she`
  if (isLowercase(next)) return null;
  const isPeriod = terminator === '.' || terminator === '．';
  // "?", "!", "?!", "...", "…" before anything but a lowercase word
  if (!isPeriod) return 'strong';
  const word = stripStart(core, OPENERS).toLowerCase();
  if (NEVER_FINAL.has(word)) return null;
  if (BEFORE_NUMBER.has(word) && isDigit(next)) return null;
  if (NUMBER_WITH_PERIOD.test(word)) {
    // "in 1990. She", but "am 3. Oktober" (an ordinal) and "1. 2." lists are unsure.
    // A closing quote or bracket after the period rules the ordinal out: "at 5.” She".
    return (SHORT_ORDINAL.test(word) && left === core) || isDigit(next) ? 'weak' : 'strong';
  }
  // "Jan. 5" is one date; "Acme Inc. The" may or may not be two sentences.
  if (MAYBE_FINAL.has(word) || DOTTED.test(word) || INITIAL.test(word)) return isDigit(next) ? null : 'weak';
  if (isDigit(next)) return 'weak';
  return 'strong';
};

// --- clause and word gaps --------------------------------------------------------------------

/** The cost of cutting at the space between the words `left` and `right`. */
const gapCost = (left: string, right: string): number => {
  const sentence = sentenceEndBetween(left, right);
  if (sentence === 'strong') return BREAK_COST.sentence;
  if (sentence === 'weak') return BREAK_COST.weakSentence;
  const core = stripEnd(left, CLOSERS);
  const last = lastChar(core);
  const rightCore = stripStart(right, OPENERS);
  if (last === ';' || last === '；') return BREAK_COST.semicolon;
  if (last === ':' || last === '：') return BREAK_COST.colon;
  if (last === ',' || last === '、' || last === '，') return BREAK_COST.comma;
  if (oneOf(DASHES, last) || core === '-' || core === '--') return BREAK_COST.dashAfter;
  if (oneOf(TERMINATORS, last)) {
    // A terminator that does not end the sentence.
    const word = stripStart(core, OPENERS).toLowerCase();
    if (NEVER_FINAL.has(word) || BEFORE_NUMBER.has(word) || MAYBE_FINAL.has(word) || DOTTED.test(word) || INITIAL.test(word)) {
      return BREAK_COST.afterAbbreviation;
    }
    if (last === '…' || core.endsWith('..')) return BREAK_COST.ellipsisThenLowercase;
    if (last !== '.') return BREAK_COST.questionThenLowercase;
  }
  if (left.length !== core.length && oneOf(')]}）】］', lastChar(left))) return BREAK_COST.parenthesis;
  if (oneOf('([{（【［', right[0] ?? '')) return BREAK_COST.parenthesis;
  if (oneOf(DASHES, right[0] ?? '') || right === '-' || right === '--') return BREAK_COST.dashBefore;
  const rightFirst = firstChar(right);
  if (!isLetter(rightFirst) && !isDigit(rightFirst) && !oneOf(OPENERS, rightFirst) && !isEmoji(rightFirst)) {
    return BREAK_COST.numberAndUnit; // "3.5 %", "20 °C"
  }
  if (isDigit(lastChar(left)) && isDigit(rightFirst) && /^[\d.,]+$/.test(right) && /^[\d.,]+$/.test(left)) {
    return BREAK_COST.numberAndUnit; // "1 000 000"
  }
  if (CONJUNCTIONS.has(rightCore.toLowerCase())) return BREAK_COST.conjunction;
  return BREAK_COST.word;
};

/**
 * The sentence end that a terminator run at the end of `core` makes in Chinese or Japanese text
 * before `b`, where its own rules say nothing: an ellipsis ("走了……我们", "OK...我们": Chinese has
 * no capital letter to tell a trailing-off end from a pause, and a cut there is a pause either
 * way) and a Latin word's period before a Chinese character ("Python.它", but not "Dr.王"). A
 * number's period is a list number or a decimal ("1.首先"): kept with what follows. Null where
 * none of this applies.
 */
const sentenceEndInCjk = (core: string, b: string): number | null => {
  let termStart = core.length;
  while (termStart > 0 && oneOf(TERMINATORS, core[termStart - 1]!)) termStart--;
  const run = core.slice(termStart);
  const before = lastChar(core.slice(0, termStart));
  if (!run || !(isCjk(b) || isCjk(before))) return null;
  if (ELLIPSIS.test(run)) return BREAK_COST.sentence;
  if (run !== '.' || !isCjk(b)) return null;
  if (isDigit(before)) return BREAK_COST.numberAndUnit;
  let wordStart = termStart;
  while (wordStart > 0 && (isSpacedWordCharacter(core[wordStart - 1]!) || core[wordStart - 1] === '.')) wordStart--;
  const word = core.slice(wordStart).toLowerCase();
  const abbreviation =
    NEVER_FINAL.has(word) || BEFORE_NUMBER.has(word) || MAYBE_FINAL.has(word) || DOTTED.test(word) || INITIAL.test(word);
  return isLetter(before) && !abbreviation ? BREAK_COST.sentence : null;
};

/**
 * The cost of cutting a space-free token before its grapheme `parts[index]`. `tokenStart` is the
 * token's offset in the text (the parts' offsets are in the text too).
 */
const innerCost = (token: string, parts: Grapheme[], index: number, tokenStart: number): number => {
  const a = String.fromCodePoint(...parts[index - 1]!.codePoints);
  const b = String.fromCodePoint(...parts[index]!.codePoints);
  const beforeA = index >= 2 ? String.fromCodePoint(...parts[index - 2]!.codePoints) : '';
  const afterB = index + 1 < parts.length ? String.fromCodePoint(...parts[index + 1]!.codePoints) : '';
  // The end of the token before the cut is enough to see a terminator and its closing quotes.
  const cut = parts[index]!.start - tokenStart;
  const textBefore = token.slice(Math.max(0, cut - 32), cut);
  // A sentence end inside a token: "晴れです。明日", "すごい!本当"
  if (!oneOf(CLOSERS, b) && !oneOf(TERMINATORS, b)) {
    const core = stripEnd(textBefore, CLOSERS);
    const term = lastChar(core);
    if (oneOf(CJK_TERMINATORS, term)) return BREAK_COST.sentence;
    if (oneOf('!?.', term) && (isCjk(b) || isCjk(lastChar(core.slice(0, -1))))) {
      if (term !== '.' || isCjk(lastChar(core.slice(0, -1)))) return BREAK_COST.sentence;
    }
    const inCjk = sentenceEndInCjk(core, b);
    if (inCjk !== null) return inCjk;
  }
  // Never after an opening bracket or quote: "《|红楼梦》", "“|智能”".
  if (oneOf(CJK_OPENING_BRACKETS + SHARED_OPENING, a) && isCjk(b)) return BREAK_COST.grapheme;
  if (oneOf(CJK_CLAUSE, a) || oneOf(CJK_CLOSING_BRACKETS, a)) return BREAK_COST.cjkClause;
  if (oneOf(CJK_OPENING_BRACKETS, b)) return BREAK_COST.cjkClause;
  if ((oneOf(SHARED_CLOSING, a) && (isCjk(beforeA) || isCjk(b))) || (oneOf(SHARED_OPENING, b) && isCjk(a))) return BREAK_COST.cjkClause;
  if (HALF_WIDTH_CLAUSE.has(a) && (isCjk(beforeA) || isCjk(b))) return HALF_WIDTH_CLAUSE.get(a)!;
  if (oneOf(DASHES, a) && !oneOf(DASHES, b)) return BREAK_COST.dashAfter;
  if (isEmoji(a) || isEmoji(b)) return BREAK_COST.emoji;
  if (isCjk(a) || isCjk(b)) {
    // Never before 。、」: the punctuation belongs to the character before it.
    if (oneOf(CLOSERS, b) || oneOf(TERMINATORS, b) || oneOf(CJK_CLAUSE, b) || HALF_WIDTH_CLAUSE.has(b)) return BREAK_COST.grapheme;
    if (isHiragana(a) && (isHan(b) || (isKana(b) && !isHiragana(b)))) return BREAK_COST.cjkAfterHiragana;
    const latin = cjkAndLatinCost(a, b);
    if (latin !== null) return latin;
    if (isHan(a) && CHINESE_CONJUNCTIONS.has(b + afterB)) return BREAK_COST.conjunction;
    if (a === '的' && isHan(b) && !oneOf(NOT_AFTER_PARTICLE, b)) return BREAK_COST.cjkAfterParticle;
    return BREAK_COST.cjkCharacter;
  }
  if (isUnspacedNonCjk(a) && isUnspacedNonCjk(b)) {
    // Thai and Lao: not before a vowel or tone mark that follows its consonant, not after a
    // vowel written before it (a rough syllable boundary; words need a dictionary).
    if (THAI_LAO_FOLLOWING.test(b) || THAI_LAO_LEADING.test(a)) return BREAK_COST.grapheme;
    return BREAK_COST.unspacedScript;
  }
  if (a === '/' && b !== '/') return BREAK_COST.afterSlash;
  if (oneOf(TOKEN_PUNCTUATION, a) && !oneOf(TOKEN_PUNCTUATION, b)) return BREAK_COST.insideToken;
  return BREAK_COST.grapheme;
};

/** Most words of a Latin term inside Chinese text kept together ("Visual Studio Code"); a longer run is an English phrase. */
const MAX_WORDS_OF_LATIN_TERM = 3;

/**
 * The cost of the word gap after `tokens[t]` where Chinese text is around it, or null: a space
 * between Chinese and a Latin word or number ("使用 iPhone", "2024 年"), or inside a Latin term of
 * at most three words with Chinese on both sides ("使用 iPhone 16 Pro 拍摄"). Text without
 * Chinese or Japanese characters never gets here with a result.
 */
const spaceInCjkCost = (text: string, tokens: Span[], t: number): number | null => {
  const tokenText = (i: number) => text.slice(tokens[i]!.start, tokens[i]!.end);
  const a = lastChar(tokenText(t));
  const b = firstChar(tokenText(t + 1));
  const latin = cjkAndLatinCost(a, b);
  if (latin !== null) return latin;
  if (!isSpacedWordCharacter(a) || !isSpacedWordCharacter(b)) return null;
  // Count the run's words outwards until a token with Chinese in it closes each side.
  let words = 0;
  let left = t;
  while (left >= 0 && words <= MAX_WORDS_OF_LATIN_TERM && !hasCjk(tokenText(left))) {
    words++;
    left--;
  }
  let right = t + 1;
  while (right < tokens.length && words <= MAX_WORDS_OF_LATIN_TERM && !hasCjk(tokenText(right))) {
    words++;
    right++;
  }
  const closed = left >= 0 && right < tokens.length && hasCjk(tokenText(left)) && hasCjk(tokenText(right));
  if (!closed) return null;
  // A closing token may hold the term's first or last word, joined to its Chinese ("使用iPhone").
  if (isSpacedWordCharacter(lastChar(tokenText(left)))) words++;
  if (isSpacedWordCharacter(firstChar(tokenText(right)))) words++;
  return words <= MAX_WORDS_OF_LATIN_TERM ? BREAK_COST.latinTermInCjk : null;
};

/**
 * Every place a normalized text (see `normalizeText`: single spaces, trimmed) may be cut, in
 * order, with its kind and cost: each space, and each grapheme boundary inside a word. Never
 * inside a grapheme cluster (emoji sequences, flags, letters with their marks, conjuncts).
 * Pure and deterministic (no `Intl`): the same text gives the same breaks in Node and in browsers.
 */
export const findBreaks = ({text}: {text: string}): Break[] => {
  const breaks: Break[] = [];
  const tokens: Span[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === ' ') {
      if (i > start) tokens.push({start, end: i});
      start = i + 1;
    }
  }
  tokens.forEach((token, t) => {
    const value = text.slice(token.start, token.end);
    const parts = graphemes(value).map((g) => ({...g, start: g.start + token.start, end: g.end + token.start}));
    for (let i = 1; i < parts.length; i++) {
      const cost = innerCost(value, parts, i, token.start);
      breaks.push({end: parts[i]!.start, start: parts[i]!.start, cost, kind: kindOfCost(cost)});
    }
    const next = tokens[t + 1];
    if (next) {
      const right = text.slice(next.start, next.end);
      let cost = gapCost(value, right);
      if (cost === BREAK_COST.word || cost === BREAK_COST.conjunction) cost = spaceInCjkCost(text, tokens, t) ?? cost;
      breaks.push({end: token.end, start: next.start, cost, kind: kindOfCost(cost)});
    }
  });
  return breaks;
};

/**
 * The sentences of a normalized text: the spans between its `sentence` breaks (a `weak-sentence`
 * break does not end one). Pass `breaks` when they are already known.
 */
export const sentenceSpans = ({text, breaks = findBreaks({text})}: {text: string; breaks?: Break[]}): Span[] => {
  const spans: Span[] = [];
  let start = 0;
  for (const each of breaks) {
    if (each.kind === 'sentence') {
      spans.push({start, end: each.end});
      start = each.start;
    }
  }
  if (text.length > start) spans.push({start, end: text.length});
  return spans;
};
