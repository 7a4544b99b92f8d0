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

/**
 * Replaces written words by how they should be said (`{"SQL": "sequel"}`): whole words only
 * (not "SQLite" for "SQL"), longer entries first ("SQL Server" before "SQL"), case-sensitive
 * unless `ignoreCase`. Replacements have their whitespace collapsed, so a normalized text stays
 * normalized.
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
  const alternatives = entries.map(([written]) => written).sort((a, b) => b.length - a.length).map(escapeRegExp);
  // A word character is a letter, a digit or "_": "SQL" is not replaced inside "SQLite" or "NoSQL".
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, `gu${ignoreCase ? 'i' : ''}`);
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
