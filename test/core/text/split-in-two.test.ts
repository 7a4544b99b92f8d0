import {describe, expect, it} from 'vitest';
import {normalizeText} from '../../../src/core/normalize-text.ts';
import {estimateSpeechInSeconds} from '../../../src/core/text/estimate-speech.ts';
import {splitInTwo} from '../../../src/core/text/split-in-two.ts';
import {icuGraphemeStarts} from './fixtures/icu-grapheme-starts.ts';
import {randomTexts} from './fixtures/random-texts.ts';

describe('splitInTwo', () => {
  it('cuts at the sentence end nearest the middle', () => {
    expect(splitInTwo({text: 'First sentence is here. Second sentence is here. Third.'})).toEqual([
      'First sentence is here.',
      'Second sentence is here. Third.',
    ]);
  });

  it('cuts one sentence at the clause punctuation near the middle, else between words', () => {
    expect(splitInTwo({text: 'The fox ran through the forest, and the dog slept by the door.'})).toEqual([
      'The fox ran through the forest,',
      'and the dog slept by the door.',
    ]);
    expect(splitInTwo({text: 'one two three four five six'})).toEqual(['one two three', 'four five six']);
  });

  it('cuts a URL after a slash, CJK between characters or at 、, emoji between graphemes', () => {
    expect(splitInTwo({text: 'https://example.com/docs/guide/start'})).toEqual(['https://example.com/', 'docs/guide/start']);
    expect(splitInTwo({text: '今日は晴れです明日は雨です'}).join('')).toBe('今日は晴れです明日は雨です');
    expect(splitInTwo({text: '今日は晴れです、明日は雨です'})).toEqual(['今日は晴れです、', '明日は雨です']);
    expect(splitInTwo({text: '👨‍👩‍👧‍👦👨‍👩‍👧‍👦'})).toEqual(['👨‍👩‍👧‍👦', '👨‍👩‍👧‍👦']);
  });

  it('cuts Chinese at a clause mark or an ellipsis near the middle, before a quote rather than after it, and keeps Latin terms and numbers whole', () => {
    const run = '这是一个很长的句子没有任何标点符号';
    expect(splitInTwo({text: `${run}，${run}。`})).toEqual([`${run}，`, `${run}。`]);
    expect(splitInTwo({text: `${run}……${run}。`})).toEqual([`${run}……`, `${run}。`]);
    expect(splitInTwo({text: `${run}所谓“${run}”。`})).toEqual([`${run}所谓`, `“${run}”。`]);
    expect(splitInTwo({text: `${run}用 iPhone 16 Pro 拍摄${run}。`}).join('|')).toContain('iPhone 16 Pro');
    expect(splitInTwo({text: `${run}在2024年${run}。`}).join('|')).toContain('2024年');
  });

  it('returns the text alone when it cannot be cut, and nothing for blank text', () => {
    expect(splitInTwo({text: '👍🏽'})).toEqual(['👍🏽']);
    expect(splitInTwo({text: ' 👍🏽\n'})).toEqual(['👍🏽']);
    expect(splitInTwo({text: '  '})).toEqual([]);
  });

  it('gives two halves of well under the speech of the whole that reproduce the normalized text', () => {
    const text = `${'Some words here, '.repeat(6)}and more\nwords to finish the clip.`;
    const [a, b] = splitInTwo({text});
    expect(`${a} ${b}`).toBe(normalizeText(text));
    const whole = estimateSpeechInSeconds({text, speed: 1});
    expect(estimateSpeechInSeconds({text: a!, speed: 1})).toBeLessThan(whole * 0.75);
    expect(estimateSpeechInSeconds({text: b!, speed: 1})).toBeLessThan(whole * 0.75);
  });

  it('on 400 random texts, gives at most two halves that tile the normalized text at a grapheme boundary', () => {
    for (const {text} of randomTexts({count: 400, seed: 42})) {
      const normalized = normalizeText(text);
      const halves = splitInTwo({text});
      expect(halves.length).toBeLessThanOrEqual(2);
      if (halves.length < 2) {
        expect(halves.join('')).toBe(normalized);
        continue;
      }
      const [a, b] = halves as [string, string];
      expect(a).not.toBe('');
      expect(b).not.toBe('');
      expect([`${a}${b}`, `${a} ${b}`]).toContain(normalized);
      expect(icuGraphemeStarts(normalized).has(a.length)).toBe(true);
    }
  });
});
