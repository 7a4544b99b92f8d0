import {describe, expect, it} from 'vitest';
import {quoteCueText} from '../../src/core/quote-cue-text.ts';

const width = (quoted: string) => Array.from(quoted).reduce((sum, character) => sum + (/[\u3000-\u9FFF\uFF00-\uFF60]/.test(character) ? 2 : 1), 0);

describe('quoteCueText', () => {
  it.each([
    ['a short line, whole', 'Welcome back.', '"Welcome back."'],
    ['whitespace collapsed', '  Welcome\n\tback,   friends. ', '"Welcome back, friends."'],
    ['exactly 60 characters, whole', 'x'.repeat(60), `"${'x'.repeat(60)}"`],
    ['an empty text', '', '""'],
    [
      'a paragraph: its start, cut at a word boundary',
      'Every second, the Sun turns about four million tonnes of matter into energy. That energy takes a long time to reach us.',
      '"Every second, the Sun turns about four million tonnes of…"',
    ],
    ['a cut right before a space keeps the whole word', `${'word '.repeat(11)}end of the line`, `"${'word '.repeat(11)}end…"`],
    ['punctuation before the cut is dropped', `It was late, ${'very '.repeat(8)}late, and then it rained.`, `"It was late, ${'very '.repeat(8)}late…"`],
    ['one very long word is cut inside', `See https://example.com/${'a'.repeat(80)}`, `"See https://example.com/${'a'.repeat(36)}…"`],
    ['inner quotes kept as they are', '"We should leave," her brother said.', '""We should leave," her brother said."'],
    ['bookmarks left out', 'Clips are cached by a hash. <mark name="chart"/> Nothing is paid for twice.', '"Clips are cached by a hash. Nothing is paid for twice."'],
  ])('%s', (_what, text, quoted) => {
    expect(quoteCueText(text)).toBe(quoted);
  });

  it('quotes at most 60 columns of a paragraph, plus the quotes and the "…"', () => {
    const paragraph = 'The rain had not stopped for three days. Mara stood at the window and watched the river climb the garden wall. '.repeat(40);
    const quoted = quoteCueText(paragraph);
    expect(quoted).toBe('"The rain had not stopped for three days. Mara stood at the…"');
    expect(width(quoted)).toBeLessThanOrEqual(60 + 3);
  });

  it('counts a Chinese or Japanese character as two columns and cuts between characters', () => {
    const chinese = '太阳每秒钟把大约四百万吨物质转化为能量。这些能量要花很长时间才能到达我们这里。一个在核心产生的光子会在太阳内部来回弹跳数千年。';
    const quoted = quoteCueText(chinese);
    expect(quoted).toBe('"太阳每秒钟把大约四百万吨物质转化为能量。这些能量要花很长时间…"');
    expect(width(quoted)).toBeLessThanOrEqual(60 + 3);
    expect(quoteCueText('短い文です。')).toBe('"短い文です。"');
  });

  it('never splits a character: two UTF-16 units, an emoji sequence, a letter with its accent', () => {
    expect(quoteCueText('🎉'.repeat(100), {maxCharacters: 7})).toBe(`"${'🎉'.repeat(7)}…"`);
    const family = '👩\u200d👩\u200d👧';
    expect(quoteCueText(family.repeat(10), {maxCharacters: 3})).toBe(`"${family.repeat(3)}…"`);
    const accented = 'e\u0301';
    expect(quoteCueText(accented.repeat(10), {maxCharacters: 4})).toBe(`"${'\u00e9'.repeat(4)}…"`);
  });

  it('takes another length', () => {
    expect(quoteCueText('One two three four five six', {maxCharacters: 12})).toBe('"One two…"');
  });
});
