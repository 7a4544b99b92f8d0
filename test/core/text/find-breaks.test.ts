import {describe, expect, it} from 'vitest';
import {normalizeText} from '../../../src/core/normalize-text.ts';
import {BREAK_COST, findBreaks, sentenceSpans} from '../../../src/core/text/find-breaks.ts';
import {icuGraphemeStarts} from './fixtures/icu-grapheme-starts.ts';
import {HELD_OUT_CASES, SENTENCE_CASES} from './fixtures/sentence-cases.ts';

const sentences = (text: string): string[] => {
  const normalized = normalizeText(text);
  return sentenceSpans({text: normalized}).map((span) => normalized.slice(span.start, span.end));
};

/** The break at the space just after `before` in `text`. */
const breakAfter = (text: string, before: string) => {
  const end = text.indexOf(before) + before.length;
  const found = findBreaks({text}).find((each) => each.end === end);
  if (!found) throw new Error(`no break after "${before}" in "${text}"`);
  return found;
};

describe('sentence ends', () => {
  it.each([...SENTENCE_CASES, ...HELD_OUT_CASES].map((c) => [c.name, c] as const))('%s', (_, c) => {
    // Any listed split is right; the first is the ideal one.
    expect(c.expected).toContainEqual(sentences(c.text));
  });

  it('does not end a sentence after a title or e.g./i.e., even before a capital', () => {
    expect(sentences('Dr. Smith met Mr. Jones and Prof. Lee, e.g. Anna, i.e. Bob. Done.')).toEqual([
      'Dr. Smith met Mr. Jones and Prof. Lee, e.g. Anna, i.e. Bob.',
      'Done.',
    ]);
  });

  it('does not end a sentence inside decimals, versions, domains or before a lowercase word', () => {
    expect(sentences('Rates rose 3.5 % in the U.S. this year, etc. and v2.0 is on example.com now. Next.')).toEqual([
      'Rates rose 3.5 % in the U.S. this year, etc. and v2.0 is on example.com now.',
      'Next.',
    ]);
  });

  it('ends a sentence after the closing quote, not before it', () => {
    expect(sentences('He said "Stop." Then he left.')).toEqual(['He said "Stop."', 'Then he left.']);
    expect(sentences('She wrote “Done.” Then she slept.')).toEqual(['She wrote “Done.”', 'Then she slept.']);
    expect(sentences('"Really?" she asked. He nodded.')).toEqual(['"Really?" she asked.', 'He nodded.']);
  });

  it('treats ellipses as a pause unless a capital follows', () => {
    expect(sentences('Wait... what happened? I waited… Then it came.')).toEqual(['Wait... what happened?', 'I waited…', 'Then it came.']);
  });

  it('keeps ?! and !!! runs with their sentence', () => {
    expect(sentences('Really?! Yes. Wow!!! Okay.')).toEqual(['Really?!', 'Yes.', 'Wow!!!', 'Okay.']);
  });

  it('ends sentences at CJK full stops without spaces', () => {
    expect(sentences('今日は晴れです。明日は雨でしょう！本当？はい。')).toEqual(['今日は晴れです。', '明日は雨でしょう！', '本当？', 'はい。']);
  });

  it('marks an abbreviation that may end a sentence, before a capital, as a weak end that does not cut', () => {
    const text = 'She works at Acme Inc. The pay is good.';
    expect(sentences(text)).toEqual([text]);
    expect(breakAfter(text, 'Inc.')).toMatchObject({kind: 'weak-sentence', cost: BREAK_COST.weakSentence});
  });
});

describe('findBreaks', () => {
  it('gives each space a kind and a cost: sentence, clause, word, and a title kept with its name', () => {
    const text = 'Hi, Dr. Smith. Bye now';
    expect(breakAfter(text, 'Hi,')).toMatchObject({kind: 'clause', cost: BREAK_COST.comma, start: 4});
    expect(breakAfter(text, 'Dr.')).toMatchObject({kind: 'word', cost: BREAK_COST.afterAbbreviation});
    expect(breakAfter(text, 'Smith.')).toMatchObject({kind: 'sentence', cost: BREAK_COST.sentence});
    expect(breakAfter(text, 'Bye')).toMatchObject({kind: 'word', cost: BREAK_COST.word});
  });

  it('keeps a number with its unit and its digit groups, and prefers the gap before a conjunction', () => {
    const text = 'It rose 3.5 % to 1 000 units and fell';
    expect(breakAfter(text, '3.5').cost).toBe(BREAK_COST.numberAndUnit);
    expect(breakAfter(text, '1').cost).toBe(BREAK_COST.numberAndUnit);
    expect(breakAfter(text, 'units').cost).toBe(BREAK_COST.conjunction);
  });

  it('cuts inside a URL after a slash first, then after other punctuation, else between graphemes', () => {
    const text = 'example.com/docs';
    const inside = findBreaks({text});
    expect(inside.every((each) => each.start === each.end)).toBe(true);
    expect(inside.find((each) => each.end === 'example.com/'.length)).toMatchObject({kind: 'inside-token', cost: BREAK_COST.afterSlash});
    expect(inside.find((each) => each.end === 'example.'.length)).toMatchObject({kind: 'inside-token', cost: BREAK_COST.insideToken});
    expect(inside.find((each) => each.end === 'ex'.length)).toMatchObject({kind: 'grapheme', cost: BREAK_COST.grapheme});
  });

  it('never breaks inside a grapheme cluster', () => {
    const text = '👨‍👩‍👧‍👦👍🏽🇯🇵🏳️‍🌈1️⃣ नमस्ते q\u0307e\u0301';
    const starts = icuGraphemeStarts(text);
    for (const each of findBreaks({text})) {
      expect(starts.has(each.end)).toBe(true);
      expect(starts.has(each.start)).toBe(true);
    }
  });

  it('returns no break for one word of one grapheme, and sentenceSpans nothing for empty text', () => {
    expect(findBreaks({text: '👍🏽'})).toEqual([]);
    expect(sentenceSpans({text: ''})).toEqual([]);
  });
});

describe('Chinese and mixed text', () => {
  /**
   * The break where `marked` has its "|" (the text without it; at a space, the "|" is before
   * the space), as [kind, cost]. Each case says why.
   */
  const breakAt = (marked: string) => {
    const at = marked.indexOf('|');
    const text = marked.replace('|', '');
    const found = findBreaks({text}).find((each) => each.end === at);
    if (!found) throw new Error(`no break at "|" in "${marked}"`);
    return [found.kind, found.cost];
  };
  const C = BREAK_COST;

  it.each([
    // Sentence ends.
    ['我们走吧。|然后出发', 'sentence', C.sentence, 'a full stop'],
    ['他说：“我们走吧。”|然后离开了', 'sentence', C.sentence, 'after the closing quote that ends the sentence, not before it'],
    ['他走了……|我们也走吧', 'sentence', C.sentence, 'the Chinese ellipsis: no capital letter tells a trailing-off end from a pause, and it is a pause either way'],
    ['“我们该走了……”|哥哥说', 'sentence', C.sentence, 'an ellipsis and its closing quote'],
    ['好吧...|我们走', 'sentence', C.sentence, 'three dots typed for an ellipsis'],
    ['我喜欢Python.|它很好', 'sentence', C.sentence, 'a half-width period after a Latin word, before Chinese'],
    ['你好!|我很好', 'sentence', C.sentence, 'a half-width exclamation mark in mixed text'],
    ['Mr.|王来了', 'word', C.cjkCharacter, 'a title, not a sentence end'],
    ['1.|首先，2.其次', 'word', C.numberAndUnit, 'a list number stays with its item'],
    // Quotes and brackets.
    ['所谓“|智能”其实', 'grapheme', C.grapheme, 'never between an opening quote and its first character'],
    ['所谓|“智能”其实', 'clause', C.cjkClause, 'before an opening quote'],
    ['所谓“智能|”其实', 'grapheme', C.grapheme, 'never before a closing quote'],
    ['所谓“智能”|其实', 'clause', C.cjkClause, 'after a closing quote that does not end the sentence'],
    ['我读了《|红楼梦》', 'grapheme', C.grapheme, 'never after an opening bracket'],
    ['我读了|《红楼梦》', 'clause', C.cjkClause, 'before an opening bracket'],
    ['我们(|他们)很好', 'grapheme', C.grapheme, 'ASCII brackets in Chinese text: never after the opening one'],
    ['我们|(他们)很好', 'clause', C.cjkClause, 'before an ASCII bracket in Chinese text'],
    ['我们(他们)|很好', 'clause', C.cjkClause, 'after an ASCII bracket in Chinese text'],
    ['山顶的日出叫「|ご来光」', 'grapheme', C.grapheme, 'never after 「, Japanese too'],
    // Clause marks.
    ['苹果、|香蕉', 'clause', C.cjkClause, 'the enumeration comma'],
    ['我们，|他们', 'clause', C.cjkClause, 'the full-width comma'],
    ['我们,|他们', 'clause', C.comma, 'a half-width comma in mixed text'],
    ['我们;|他们', 'clause', C.semicolon, 'a half-width semicolon in mixed text'],
    ['时间:|十点', 'clause', C.colon, 'a half-width colon in mixed text'],
    ['我们|,他们', 'grapheme', C.grapheme, 'never before a comma'],
    ['走吧|。', 'grapheme', C.grapheme, 'never before a full stop'],
    // Where Chinese meets Latin words and numbers.
    ['使用|iPhone拍摄', 'word', C.cjkAndLatin, 'Chinese then a Latin word: always a word boundary'],
    ['使用iPhone|拍摄', 'word', C.cjkAndLatin, 'a Latin word then Chinese'],
    ['使用| iPhone 拍摄', 'word', C.cjkAndLatin, 'the same with spaces around the Latin word'],
    ['使用iPh|one拍摄', 'grapheme', C.grapheme, 'never inside a Latin word'],
    ['使用iPhone| 16拍摄', 'word', C.latinTermInCjk, 'inside a product name: worse than between two Han characters'],
    ['使用 iPhone 16| Pro 拍摄', 'word', C.latinTermInCjk, 'inside a three-word name'],
    ['他说 I think| this is fine 然后', 'word', C.word, 'an English phrase of five words is English: its own word gaps'],
    ['在2024|年', 'word', C.numberAndUnit, 'a number keeps its measure word'],
    ['在2024| 年', 'word', C.numberAndUnit, 'the same with a space'],
    ['去了3|次', 'word', C.numberAndUnit, 'a count keeps its measure word'],
    ['第|3章', 'word', C.numberAndUnit, 'an ordinal keeps its number'],
    ['用16|拍摄', 'word', C.cjkAndLatin, 'a number before a verb: a plain boundary'],
    ['在20|24年', 'grapheme', C.grapheme, 'never inside a number'],
    // Between Han characters.
    ['朋|友', 'word', C.cjkCharacter, 'any two characters: maybe inside a word'],
    ['我的|朋友', 'word', C.cjkAfterParticle, 'after the particle 的, which ends its phrase'],
    ['的|确如此', 'word', C.cjkCharacter, '的确 is a word'],
    ['增长百分之十二点五|其中高技术', 'word', C.conjunction, 'before a conjunction that opens a clause'],
  ] as const)('%s: %s (%s), %s', (marked, kind, cost, _why) => {
    expect(breakAt(marked)).toEqual([kind, cost]);
  });

  it('cuts a Chinese text into its sentences, ellipses and mixed punctuation included', () => {
    expect(sentences('欢迎来到中文课！今天学点菜。你会说“谢谢”吗？我喜欢Python.它很简单……我们开始吧。')).toEqual([
      '欢迎来到中文课！',
      '今天学点菜。',
      '你会说“谢谢”吗？',
      '我喜欢Python.',
      '它很简单……',
      '我们开始吧。',
    ]);
  });
});
