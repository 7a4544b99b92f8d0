import {describe, expect, it} from 'vitest';
import {graphemes} from '../../../src/core/text/unicode.ts';
import {icuGraphemeStarts} from './fixtures/icu-grapheme-starts.ts';

describe('graphemes', () => {
  it('starts a grapheme only where ICU does (never inside an ICU grapheme)', () => {
    const samples = [
      '👨‍👩‍👧‍👦👍🏽🇯🇵🇫🇷🏳️‍🌈1️⃣#️⃣🧑🏿‍🚀',
      'q\u0307e\u0301\u0308 à',
      'नमस्ते क्षत्रिय हिन्दी',
      'தமிழ் ಕನ್ನಡ',
      '한국어 \u1100\u1161\u11a8',
      'ผู้ใหญ่ ສະບາຍດີ',
      '\u0600\u0661\u0662 عربى',
      'a\u200db\u200cc',
    ];
    for (const text of samples) {
      const icu = icuGraphemeStarts(text);
      for (const grapheme of graphemes(text)) expect(icu.has(grapheme.start), `${text} at ${grapheme.start}`).toBe(true);
    }
  });

  it('covers the text: each grapheme starts where the previous one ends, with its code points', () => {
    const text = '👍🏽a\u0301 中';
    const found = graphemes(text);
    expect(found.map((each) => text.slice(each.start, each.end))).toEqual(['👍🏽', 'a\u0301', ' ', '中']);
    expect(found[0]!.codePoints).toEqual([0x1f44d, 0x1f3fd]);
  });
});
