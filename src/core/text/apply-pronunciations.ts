/** A text with its pronunciations applied, and the way back to the written text. */
export type SpokenText = {
  /** What is sent to the speech service. */
  spoken: string;
  /**
   * The offset in the written text that an offset in `spoken` stands for. Inside a replaced
   * word it is the written word's start, or its end once past the replacement's first character.
   */
  toWrittenOffset: (spokenOffset: number) => number;
};

type Segment = {writtenStart: number; writtenEnd: number; spokenStart: number; spokenEnd: number; replaced: boolean};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Chinese and Japanese characters (Han, kana), written without spaces between words (as `isCjk`). */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u30FC';
const IS_CJK = new RegExp(`^[${CJK}]$`, 'u');
/**
 * A character that continues a word of a spaced script: a letter, a digit or "_", but not a CJK
 * character ("SQL" is a whole word in "用SQL查询", not in "SQLite" or "NoSQL").
 */
const WORD_CHARACTER = `(?:(?![${CJK}])[\\p{L}\\p{N}_])`;

/**
 * The pattern of one written form: a whole word where it starts or ends with a letter of a spaced
 * script, anywhere where it starts or ends with a CJK character (Chinese has no spaces to find
 * words by: "重庆" is replaced in "我在重庆工作").
 */
const writtenPattern = (written: string): string => {
  const characters = [...written];
  const before = IS_CJK.test(characters[0]!) ? '' : `(?<!${WORD_CHARACTER})`;
  const after = IS_CJK.test(characters[characters.length - 1]!) ? '' : `(?!${WORD_CHARACTER})`;
  return `${before}${escapeRegExp(written)}${after}`;
};

/**
 * Replaces written words by how they should be said (`{"SQL": "sequel"}`): whole words only
 * (not "SQLite" for "SQL"), longer entries first ("SQL Server" before "SQL"), case-sensitive
 * unless `ignoreCase`. Written forms in Chinese or Japanese match inside the text, longest first
 * (`{"重庆": "Chóngqìng", "重": "zhòng"}` says "我在Chóngqìng工作，zhòng要的是…"); an edge of
 * a written form that is a Latin letter or digit still needs a word boundary there, and a CJK
 * character next to a word is one ("SQL" in "用SQL查询"). Replacements have their whitespace
 * collapsed, so a normalized text stays normalized.
 */
export const applyPronunciations = ({
  text,
  pronunciations,
  ignoreCase = false,
}: {
  text: string;
  pronunciations: Record<string, string> | undefined;
  ignoreCase?: boolean;
}): SpokenText => {
  const entries = Object.entries(pronunciations ?? {})
    .map(([written, spoken]) => [written.trim(), spoken.replace(/\s+/g, ' ').trim()] as const)
    .filter(([written, spoken]) => written !== '' && spoken !== '');
  if (entries.length === 0) {
    return {spoken: text, toWrittenOffset: (offset) => offset};
  }
  const lookup = new Map(entries.map(([written, spoken]) => [ignoreCase ? written.toLowerCase() : written, spoken]));
  // Longest first: at each place the first alternative that matches wins.
  const alternatives = entries.map(([written]) => written).sort((a, b) => b.length - a.length).map(writtenPattern);
  const pattern = new RegExp(`(?:${alternatives.join('|')})`, `gu${ignoreCase ? 'i' : ''}`);
  const segments: Segment[] = [];
  let spoken = '';
  let written = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    const plain = text.slice(written, start);
    segments.push({writtenStart: written, writtenEnd: start, spokenStart: spoken.length, spokenEnd: spoken.length + plain.length, replaced: false});
    spoken += plain;
    const replacement = lookup.get(ignoreCase ? match[0].toLowerCase() : match[0])!;
    segments.push({writtenStart: start, writtenEnd: start + match[0].length, spokenStart: spoken.length, spokenEnd: spoken.length + replacement.length, replaced: true});
    spoken += replacement;
    written = start + match[0].length;
  }
  const rest = text.slice(written);
  segments.push({writtenStart: written, writtenEnd: text.length, spokenStart: spoken.length, spokenEnd: spoken.length + rest.length, replaced: false});
  spoken += rest;
  const toWrittenOffset = (offset: number): number => {
    const segment = segments.find((each) => offset >= each.spokenStart && offset < each.spokenEnd) ?? segments.at(-1)!;
    if (!segment.replaced) return segment.writtenStart + Math.min(offset - segment.spokenStart, segment.writtenEnd - segment.writtenStart);
    return offset <= segment.spokenStart ? segment.writtenStart : segment.writtenEnd;
  };
  return {spoken, toWrittenOffset};
};
