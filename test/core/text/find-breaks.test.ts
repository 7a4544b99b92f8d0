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
