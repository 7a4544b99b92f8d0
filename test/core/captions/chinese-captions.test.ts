import {createTikTokStyleCaptions, parseSrt, serializeSrt} from '@remotion/captions';
import {describe, expect, it} from 'vitest';
import {captionLines, captionPages, lineText} from '../../../src/core/captions/caption-pages.ts';
import type {CaptionWord} from '../../../src/core/captions/caption-words.ts';
import {formatCaptions} from '../../../src/core/captions/format-captions.ts';
import {narrationCaptions} from '../../../src/core/captions/narration-captions.ts';
import {emptyManifest} from '../../../src/core/manifest-schema.ts';
import type {Narration} from '../../../src/core/narration-schema.ts';
import {resolveNarrationTimeline} from '../../../src/core/resolve-narration-timeline.ts';
import {displayWidth} from '../../../src/core/text/display-width.ts';
import {measuredManifest} from '../../remotion/long-course.ts';

/** A Chinese lesson of three paragraph cues, with English terms, and one English line (the case). */
const lesson: Narration = {
  voice: {speakerId: 'ai_chenjiahao_712'},
  cues: [
    {id: 'welcome', text: '欢迎来到我们的中文课程。今天我们学习如何用 React 和 TypeScript 构建一个小应用，它会在2024年发布到iPhone上。'},
    {id: 'quote', text: '他说：“这个API非常好用！”然后，我们打开编辑器（VS Code），开始写代码。'},
    {id: 'long', text: '长江是中国最长的河流，全长约六千三百公里，流经十一个省级行政区，最后在上海注入东海。'},
    {id: 'english', text: 'This line is English, with one Chinese word, 你好, in it.'},
  ],
};

const CLOSING = /^[，。、；：！？）」』】》〉”’…]/u;
const OPENING = /[（「『【《〈“‘]$/u;

const resolve = (narration: Narration, manifest = emptyManifest()) =>
  resolveNarrationTimeline({narration, manifest, fps: 30, compositionId: 'Lesson', allowMissing: true});

/** The written text of each cue as captions must show it: normalized, marks out. */
const writtenTexts = (narration: Narration) => narration.cues.map((cue) => cue.text.replace(/<mark[^>]*>/g, ''));

describe('captions of Chinese narration', () => {
  it('put no space between Chinese characters and keep the spaces written around Latin words, in SRT, WebVTT and parseSrt', async () => {
    const timeline = await resolve(lesson);
    const pages = captionPages({timeline});
    const srt = formatCaptions({pages, captions: [], format: 'srt'});
    const vtt = formatCaptions({pages, captions: [], format: 'vtt'});
    const cueText = (id: string) => pages.filter((page) => page.cueId === id).map((page) => page.lines.map(lineText).join(''));
    // Lines joined without their breaks give back the written text exactly (breaks fall between
    // words written without a space in Chinese, and at a space in English).
    expect(cueText('welcome').join('')).toBe('欢迎来到我们的中文课程。今天我们学习如何用 React 和TypeScript 构建一个小应用，它会在2024年发布到iPhone上。');
    expect(srt).toContain('欢迎来到我们的中文课程。\n');
    expect(srt).toContain('它会在2024年发布到iPhone上。');
    expect(srt).toContain('用 React 和');
    expect(srt).not.toMatch(/\p{Script=Han} \p{Script=Han}/u);
    expect(vtt).not.toMatch(/\p{Script=Han} \p{Script=Han}/u);
    const parsed = parseSrt({input: srt}).captions;
    expect(parsed).toHaveLength(pages.length);
    parsed.forEach((caption, index) => {
      expect(caption.text).toBe(pages[index]!.lines.map(lineText).join('\n'));
      expect(Math.abs(caption.startMs - pages[index]!.startInSeconds * 1000)).toBeLessThanOrEqual(1);
    });
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    expect(vtt.trimEnd().split('\n\n').slice(1).map((block) => block.split('\n').slice(1).join('\n'))).toEqual(pages.map((page) => page.lines.map(lineText).join('\n')));
  });

  it('have lines of at most 16 Chinese characters (32 columns), two lines a page; English lines keep 42 characters', async () => {
    const timeline = await resolve(lesson);
    const pages = captionPages({timeline});
    for (const page of pages) {
      expect(page.lines.length).toBeLessThanOrEqual(2);
      for (const line of page.lines) {
        const text = lineText(line);
        expect(displayWidth(text, {eastAsian: page.cueId !== 'english'}), text).toBeLessThanOrEqual(page.cueId === 'english' ? 42 : 32);
      }
    }
    const long = pages.filter((page) => page.cueId === 'long').flatMap((page) => page.lines.map(lineText));
    // Broken after the clauses (the second half of a full line), not inside a two-character word.
    expect(long).toEqual(['长江是中国最长的河流，', '全长约六千三百公里，', '流经十一个省级行政区，', '最后在上海注入东海。']);
    // The English line with a Chinese word is laid out as English: 42 columns, its spaces as written.
    expect(pages.filter((page) => page.cueId === 'english').map((page) => page.lines.map(lineText))).toEqual([
      ['This line is English, with one Chinese', 'word, 你好, in it.'],
    ]);
  });

  it('never start a line with closing punctuation nor end one with opening punctuation', async () => {
    const timeline = await resolve(lesson);
    for (const maxCharactersPerLine of [8, 10, 12, 14, 16, 20, 24, 32]) {
      for (const page of captionPages({timeline, maxCharactersPerLine, language: 'zh'})) {
        for (const line of page.lines) {
          expect(lineText(line), `${maxCharactersPerLine} columns`).not.toMatch(CLOSING);
          expect(lineText(line), `${maxCharactersPerLine} columns`).not.toMatch(OPENING);
        }
      }
    }
  });

  it('follow the kinsoku rules where the greedy break would break them, as CSS line-break: strict does', () => {
    const word = (text: string, spaceBefore = false): CaptionWord => ({text, spaceBefore, startInSeconds: 0, endInSeconds: 0, startFrame: 0, estimated: false, measured: true});
    // Words written with spaces around punctuation are punctuation alone: "，" must not start a line.
    const spaced = ['一', '二', '三', '四', '五'].map((text) => word(text)).concat([word('，', true), word('六'), word('七')]);
    expect(captionLines({words: spaced, maxColumns: 10, language: 'zh'}).map(lineText)).toEqual(['一二三四', '五 ，六七']);
    // An opening bracket alone at the end of a chunk must not end a line.
    const opening = [word('一'), word('二'), word('三'), word('（', true), word('四', true), word('五')];
    expect(captionLines({words: opening, maxColumns: 8, language: 'zh'}).map(lineText)).toEqual(['一二三', '（ 四五']);
    // With no break that keeps the rules, the punctuation hangs past the end of the line.
    expect(captionLines({words: [word('一二三四五'), word('。')], maxColumns: 10, language: 'zh'}).map(lineText)).toEqual(['一二三四五。']);
    // English lines are filled greedily, as they always were.
    const english = ['one', 'two', '’90s', 'three'].map((text, index) => word(text, index > 0));
    expect(captionLines({words: english, maxColumns: 8, language: 'en'}).map(lineText)).toEqual(['one two', '’90s', 'three']);
  });

  it('as Caption[], have a leading space only where the written text has one, and work with createTikTokStyleCaptions', async () => {
    const timeline = await resolve(lesson);
    const captions = narrationCaptions(timeline);
    const texts = captions.map((caption) => caption.text);
    expect(texts.slice(0, 4)).toEqual(['欢', '迎', '来', '到']);
    expect(texts).toContain(' React');
    expect(texts).toContain(' TypeScript');
    expect(texts).toContain('iPhone');
    expect(texts).toContain(' 你');
    // Joined, the captions are the written text, cues set tight after full-width punctuation (as
    // Chinese is written: "。" carries its own space) and spaced after English.
    const written = writtenTexts(lesson);
    expect(texts.join('')).toBe(written.join(''));
    const reversed = narrationCaptions(await resolve({...lesson, cues: [lesson.cues[3]!, lesson.cues[0]!]}));
    expect(reversed.map((caption) => caption.text).join('')).toBe(`${written[3]} ${written[0]}`);
    // Every Chinese caption page of @remotion/captions reads as Chinese, and none is a whole cue long.
    const {pages} = createTikTokStyleCaptions({captions, combineTokensWithinMilliseconds: 1500});
    const chinesePages = pages.filter((page) => /\p{Script=Han}/u.test(page.text) && !page.text.includes('English'));
    expect(chinesePages.length).toBeGreaterThanOrEqual(8);
    for (const page of chinesePages) {
      expect(page.text).not.toMatch(/\p{Script=Han} \p{Script=Han}/u);
      expect(displayWidth(page.text, {eastAsian: true}), page.text).toBeLessThanOrEqual(32);
      expect(page.tokens.map((token) => token.text).join('')).toBe(page.text);
    }
    expect(pages.map((page) => page.text)).toContain('长江是中国最长的河流，');
    // English pages are what they always were: words with their spaces.
    expect(pages.at(-1)!.text).toMatch(/in it\.$/);
    expect(pages.some((page) => page.text.startsWith('This line is'))).toBe(true);
    // serializeSrt takes the pages' lines as they are.
    const srt = serializeSrt({lines: pages.map((page) => [{text: page.text, startMs: page.startMs, endMs: page.startMs + page.durationMs, timestampMs: null, confidence: null}])});
    expect(srt).toContain('长江是中国最长的河流，');
  });

  it('as JSON are the Caption[], with measured confidence once the clips are measured', async () => {
    const manifest = await measuredManifest({narration: lesson, compositionId: 'Lesson'});
    const timeline = await resolve(lesson, manifest);
    const captions = narrationCaptions(timeline);
    const json = formatCaptions({pages: [], captions, format: 'json'});
    expect(JSON.parse(json)).toEqual(captions);
    expect(captions.every((caption) => caption.confidence === 1)).toBe(true);
    expect(json).toContain('"text": "欢"');
    expect(json).toContain('"text": "迎"');
    // A Chinese character has a leading space only after a Latin word written with one.
    expect(captions.filter((caption) => /^ \p{Script=Han}/u.test(caption.text)).map((caption) => caption.text)).toEqual([' 和', ' 构', ' 你']);
    for (let i = 1; i < captions.length; i++) expect(captions[i]!.startMs).toBeGreaterThanOrEqual(captions[i - 1]!.startMs);
  });

  it('lay every cue out as the language given, when given', async () => {
    const timeline = await resolve(lesson);
    const english = captionPages({timeline, language: 'zh'}).filter((page) => page.cueId === 'english');
    for (const line of english.flatMap((page) => page.lines)) expect(displayWidth(lineText(line), {eastAsian: true})).toBeLessThanOrEqual(32);
    const chinese = captionPages({timeline, language: 'en'}).filter((page) => page.cueId === 'long');
    expect(chinese[0]!.lines[0]!.length).toBeGreaterThan(16);
  });
});

describe('the last Chinese line of a cue', () => {
  const charactersOf = (text: string): CaptionWord[] =>
    [...text].map((character) => ({text: character, spaceBefore: false, startInSeconds: 0, endInSeconds: 0, startFrame: 0, estimated: false, measured: true}));
  const linesOf = (text: string) => captionLines({words: charactersOf(text), maxColumns: 32, language: 'zh'}).map((line) => lineText(line));

  it('is never a character or two under a full line: the last two lines are evened out', () => {
    // Filled line by line, the second line would be "作视频。" and the last "代".
    expect(linesOf('今天我们来学习如何使用这个工具制作视频。')).toEqual(['今天我们来学习如何使', '用这个工具制作视频。']);
    expect(linesOf('这是一段很长的没有标点符号的文字它描述了一个变化的时代')).toEqual(['这是一段很长的没有标点符号的文字', '它描述了一个变化的时代']);
  });
});
