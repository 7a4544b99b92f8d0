import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {graphemes, isCjk} from '../../../src/core/text/unicode.ts';
import {wordsOf, type WordSpan} from '../../../src/core/text/words.ts';
import {REPO_ROOT} from '../../helpers/temp-project.ts';
import {PARAGRAPHS} from './fixtures/paragraphs.ts';
import {randomTexts} from './fixtures/random-texts.ts';

const texts = (text: string) => wordsOf(text).map((word) => word.text);

/**
 * `wordsOf` as it was before Chinese words (commit f7c476f), kept here as the reference English
 * tokenization: word timing, captions and bookmarks of existing narrations depend on it.
 */
const wordsBeforeChinese = (text: string): WordSpan[] => {
  const words: WordSpan[] = [];
  let start = -1;
  const close = (end: number) => {
    if (start !== -1) words.push({text: text.slice(start, end), start, end});
    start = -1;
  };
  for (const grapheme of graphemes(text)) {
    const first = text.slice(grapheme.start, grapheme.end);
    if (/^\s$/u.test(first)) {
      close(grapheme.start);
    } else if (isCjk(first)) {
      close(grapheme.start);
      words.push({text: first, start: grapheme.start, end: grapheme.end});
    } else if (start === -1) {
      start = grapheme.start;
    }
  }
  close(text.length);
  return words;
};

/** Chinese or Japanese characters, or Chinese punctuation between words (`Code、TypeScript`). */
const hasCjk = (text: string) => [...text].some((c) => isCjk(c)) || /[\u3000-\u303f\uff01-\uff65][\p{L}\p{N}]/u.test(text);

describe('wordsOf, in Chinese text', () => {
  it('splits a list of Latin terms at the Chinese marks between them', () => {
    expect(wordsOf('使用 Visual Studio Code、TypeScript、React 和').map((word) => word.text)).toEqual(['使', '用', 'Visual', 'Studio', 'Code、', 'TypeScript、', 'React', '和']);
  });

  it('gives one word per character, with its punctuation: "，" is no word of its own', () => {
    expect(texts('欢迎，大家')).toEqual(['欢', '迎，', '大', '家']);
    expect(texts('今天天气很好。我们出去吧！')).toEqual(['今', '天', '天', '气', '很', '好。', '我', '们', '出', '去', '吧！']);
    expect(texts('好……吧')).toEqual(['好……', '吧']);
    expect(texts('他——我的朋友')).toEqual(['他——', '我', '的', '朋', '友']);
    expect(texts('约翰·史密斯')).toEqual(['约', '翰·', '史', '密', '斯']);
  });

  it('gives opening brackets and quotes to the character after them, closing ones to the one before', () => {
    expect(texts('他说：「你好」。然后')).toEqual(['他', '说：', '「你', '好」。', '然', '后']);
    expect(texts('“你好”，他说')).toEqual(['“你', '好”，', '他', '说']);
    expect(texts('（注：见下）')).toEqual(['（注：', '见', '下）']);
    expect(texts('书名是《三体》。')).toEqual(['书', '名', '是', '《三', '体》。']);
    // Straight quotes typed on an English keyboard: the first of a pair opens.
    expect(texts('他说"你好"。')).toEqual(['他', '说', '"你', '好"。']);
  });

  it('keeps a run of Latin letters or digits inside Chinese text as one word', () => {
    expect(texts('使用API接口')).toEqual(['使', '用', 'API', '接', '口']);
    expect(texts('2024年的iPhone很好')).toEqual(['2024', '年', '的', 'iPhone', '很', '好']);
    expect(texts('我们用 API 接口')).toEqual(['我', '们', '用', 'API', '接', '口']);
    expect(texts('使用（API）接口')).toEqual(['使', '用', '（API）', '接', '口']);
    expect(texts('“API”是接口')).toEqual(['“API”', '是', '接', '口']);
    expect(texts('的。API很')).toEqual(['的。', 'API', '很']);
    expect(texts('价格是$3.50，很贵')).toEqual(['价', '格', '是', '$3.50，', '很', '贵']);
    expect(texts('增长了50%。')).toEqual(['增', '长', '了', '50%。']);
    expect(texts('用VS Code写')).toEqual(['用', 'VS', 'Code', '写']);
  });

  it('says where each word is, and covers every non-space character once', () => {
    for (const text of ['他说：「你好」。然后，我们用 API 接口（见下）……', ...PARAGRAPHS.filter((p) => p.lang === 'zh' || p.lang === 'ja').map((p) => p.text)]) {
      const words = wordsOf(text);
      for (const word of words) expect(text.slice(word.start, word.end)).toBe(word.text);
      expect(words.map((word) => word.text).join('')).toBe(text.replace(/\s+/gu, ''));
      // A Chinese text has no word that is punctuation alone.
      for (const word of words) expect(word.text, text).toMatch(/[^\p{P}]/u);
    }
  });
});

describe('wordsOf, in English text', () => {
  it('is exactly what it was before Chinese words: the same words at the same places', async () => {
    const alignmentTexts = (
      await Promise.all(['texts.tsv', 'texts-holdout.tsv'].map((file) => readFile(path.join(REPO_ROOT, 'test/fixtures/alignment', file), 'utf8')))
    ).flatMap((tsv) => tsv.split('\n').slice(1).map((line) => line.split('\t')[5] ?? ''));
    const readme = (await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8')).split('\n');
    const english = [
      'Well — it costs $3.50, (really)! Then 1,500 people... left.',
      '“Quoted” words, don’t they? ’90s music … and more. e.g. U.S. Dr. Smith',
      'Café, naïve, résumé; emoji 🎉 and 👍🏽 👨‍👩‍👧‍👦 here. Wait—what? https://x.io/a-b?c=d',
      ...PARAGRAPHS.filter((p) => p.lang === 'en' || p.lang === 'de').map((p) => p.text),
      ...alignmentTexts,
      ...readme,
    ].filter((text) => !hasCjk(text));
    expect(english.length).toBeGreaterThan(500);
    for (const text of english) expect(wordsOf(text), text).toEqual(wordsBeforeChinese(text));
  });

  it('keeps every word between spaces that has no Chinese character, in any text', () => {
    let checked = 0;
    for (const {text} of randomTexts({count: 400, seed: 15})) {
      const now = wordsOf(text);
      for (const word of wordsBeforeChinese(text)) {
        // The text between the spaces around the word.
        const chunk = /\S*$/u.exec(text.slice(0, word.start))![0] + /^\S*/u.exec(text.slice(word.start))![0];
        if (hasCjk(chunk)) continue;
        expect(now, text).toContainEqual(word);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
