import {describe, expect, it} from 'vitest';
import {displayWidth, isEastAsianWide, padEndToWidth} from '../../../src/core/text/display-width.ts';

describe('displayWidth (UAX #11 East Asian Width)', () => {
  it('counts a Chinese character or full-width punctuation two columns, Latin one', () => {
    expect(displayWidth('Hello, world!')).toBe(13);
    expect(displayWidth('欢迎来到')).toBe(8);
    expect(displayWidth('，。、；：！？（）「」『』【】《》〈〉')).toBe(19 * 2);
    expect(displayWidth('我们用 API 接口')).toBe(2 * 3 + 1 + 3 + 1 + 2 * 2);
    expect(displayWidth('ＡＰＩ２０２４')).toBe(14); // full-width letters and digits (F)
    expect(displayWidth('ｶﾀｶﾅ')).toBe(4); // half-width katakana (H)
    expect(displayWidth('한국어 かな カナ')).toBe(6 + 1 + 4 + 1 + 4);
    expect(displayWidth('𠀀𪚥')).toBe(4); // plane 2 ideographs, one code point each of two UTF-16 units
  });

  it('counts an emoji two columns however many code points it has, and a combining mark none', () => {
    expect(displayWidth('🎉')).toBe(2);
    expect(displayWidth('👍🏽')).toBe(2);
    expect(displayWidth('👨‍👩‍👧‍👦')).toBe(2);
    expect(displayWidth('❤️')).toBe(2); // text-style heart made emoji by VS16
    expect(displayWidth('❤')).toBe(1);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('é')).toBe(1);
  });

  it('counts the Ambiguous punctuation Chinese fonts draw full width as two only in Chinese text', () => {
    expect(displayWidth('“你好”……——·')).toBe(1 + 4 + 1 + 2 + 2 + 1);
    expect(displayWidth('“你好”……——·', {eastAsian: true})).toBe(2 + 4 + 2 + 4 + 4 + 2);
    expect(displayWidth('Don’t', {eastAsian: true})).toBe(6);
  });

  it('tells East Asian wide characters, and pads text by columns', () => {
    expect(['中', '，', '「', 'Ａ', 'あ', '한'].every((c) => isEastAsianWide(c))).toBe(true);
    expect(['a', ',', '“', '…', '🎉', 'é'].some((c) => isEastAsianWide(c))).toBe(false);
    expect(padEndToWidth('文艺小哥', 10)).toBe('文艺小哥  ');
    expect(padEndToWidth('Reader', 10)).toBe('Reader    ');
    expect(padEndToWidth('too long', 3)).toBe('too long');
  });
});
