import {describe, expect, it} from 'vitest';
import {applyPronunciations} from '../../../src/core/text/apply-pronunciations.ts';
import {splitTextIntoClips} from '../../../src/core/text/split-text.ts';

const say = (text: string, pronunciations: Record<string, string>, ignoreCase = false) => applyPronunciations({text, pronunciations, ignoreCase}).spoken;

describe('pronunciations in Chinese text', () => {
  it('match a Chinese written form inside a sentence, where there are no word boundaries', () => {
    expect(say('我在重庆工作。', {重庆: 'Chóngqìng'})).toBe('我在Chóngqìng工作。');
  });

  it('try the longest written form first', () => {
    const pronunciations = {重: 'zhòng', 重庆: 'Chóngqìng', 重庆人: 'Chóngqìng rén'};
    expect(say('重庆人说重庆话，重要的是重庆。', pronunciations)).toBe('Chóngqìng rén说Chóngqìng话，zhòng要的是Chóngqìng。');
  });

  it('keep a word boundary at a Latin edge of a written form ("A股" in "买A股", not in "NBA股")', () => {
    expect(say('买A股，不是NBA股。', {A股: 'A gǔ'})).toBe('买A gǔ，不是NBA股。');
  });

  it('replace an English written form next to Chinese characters, still not inside an English word', () => {
    expect(say('用SQL查询，不是NoSQL或SQLite。', {SQL: 'sequel'})).toBe('用sequel查询，不是NoSQL或SQLite。');
  });

  it('match Chinese forms with ignoreCase too', () => {
    expect(say('在重庆用sql。', {重庆: 'Chóngqìng', SQL: 'sequel'}, true)).toBe('在Chóngqìng用sequel。');
  });

  it('map each spoken offset to the written text: a replaced form to its start, then its end', () => {
    const text = '我在重庆工作，重要的是';
    const {spoken, toWrittenOffset} = applyPronunciations({text, pronunciations: {重庆: 'Chóngqìng', 重: 'zhòng'}});
    expect(spoken).toBe('我在Chóngqìng工作，zhòng要的是');
    const written = Array.from({length: spoken.length + 1}, (_, offset) => toWrittenOffset(offset));
    const at = (piece: string) => spoken.indexOf(piece);
    expect(written[at('Chóngqìng')]).toBe(text.indexOf('重庆'));
    expect(written[at('Chóngqìng') + 1]).toBe(text.indexOf('工'));
    expect(written[at('工作')]).toBe(text.indexOf('工作'));
    expect(written[at('zhòng')]).toBe(text.indexOf('重要'));
    expect(written[at('要的')]).toBe(text.indexOf('要的'));
    expect(written[spoken.length]).toBe(text.length);
    for (let i = 1; i < written.length; i++) expect(written[i]!).toBeGreaterThanOrEqual(written[i - 1]!);
  });

  it('give written clips that tile the written text when a Chinese cue with pronunciations is split', () => {
    const text = '重庆是中国西南的重要城市，也是长江上游的经济中心。'.repeat(6);
    const {spoken, toWrittenOffset} = applyPronunciations({text, pronunciations: {重庆: 'Chóngqìng', 长江: 'Cháng Jiāng'}});
    expect(spoken.startsWith('Chóngqìng是中国西南')).toBe(true);
    const spans = splitTextIntoClips({text: spoken, maxCharacters: 150, maxSpeechInSeconds: 15});
    expect(spans.length).toBeGreaterThan(1);
    const written = spans.map((span) => text.slice(toWrittenOffset(span.start), toWrittenOffset(span.end)));
    expect(written.join('')).toBe(text);
    for (const clip of written) expect(clip.endsWith('。')).toBe(true);
  });
});
