import {describe, expect, it} from 'vitest';
import {InvalidInputError} from '../../src/core/errors.ts';
import {parseNarration} from '../../src/core/parse-narration.ts';
import {languageOfCue, languageOfText} from '../../src/core/text/language.ts';

describe('languageOfText', () => {
  it('says Chinese for any Han character, and nothing for other scripts', () => {
    expect(languageOfText('欢迎来到我们的课程。')).toBe('zh');
    expect(languageOfText('我们用 Remotion 做视频。')).toBe('zh');
    expect(languageOfText('The word 你好 means hello.')).toBe('zh');
    // Latin, digits, Spanish, kana only: the characters do not say which voice reads them.
    for (const text of ['Hello there.', '2024', '¿Dónde está la biblioteca?', 'ひらがな', '', '，。']) {
      expect(languageOfText(text)).toBeNull();
    }
  });
});

describe('languageOfCue', () => {
  const of = (narration: {language?: 'en' | 'zh'}, cue: {text: string; language?: 'en' | 'zh'}) => languageOfCue({narration, cue});

  it('is English when nothing says otherwise, Spanish included', () => {
    expect(of({}, {text: 'Hello there.'})).toBe('en');
    expect(of({}, {text: '¿Dónde está la biblioteca?'})).toBe('en');
  });

  it('takes Chinese from Han characters, over the narration\'s language', () => {
    expect(of({}, {text: '欢迎。'})).toBe('zh');
    expect(of({language: 'en'}, {text: '欢迎。'})).toBe('zh');
  });

  it('reads a Latin-only line in the narration\'s language (the voice\'s)', () => {
    expect(of({language: 'zh'}, {text: 'Hello there.'})).toBe('zh');
    expect(of({language: 'zh'}, {text: '2024'})).toBe('zh');
    expect(of({language: 'en'}, {text: '2024'})).toBe('en');
  });

  it('lets the cue\'s own language win over its text and the narration', () => {
    expect(of({language: 'zh'}, {text: 'Hello there.', language: 'en'})).toBe('en');
    expect(of({}, {text: 'The word 你好 means hello.', language: 'en'})).toBe('en');
    expect(of({language: 'en'}, {text: 'Ni hao.', language: 'zh'})).toBe('zh');
  });
});

describe('the language props', () => {
  const valid = {voice: {speakerId: 'uk_man2'}, cues: [{id: 'intro', text: 'Hello.'}]};
  const messageOf = (value: unknown): string => {
    try {
      parseNarration({value, compositionId: 'Demo'});
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      return (error as Error).message;
    }
    throw new Error('expected the narration to be refused');
  };

  it('accepts "en" and "zh" on the narration and on a cue', () => {
    const parsed = parseNarration({value: {...valid, language: 'zh', cues: [{id: 'a', text: 'x', language: 'en'}]}, compositionId: 'Demo'});
    expect(parsed.language).toBe('zh');
    expect(parsed.cues[0]!.language).toBe('en');
  });

  it('refuses any other language, naming the path, the value and the two allowed', () => {
    const allowed = 'language must be "en" (English) or "zh" (Chinese), the languages Kling speaks; leave it out to let the text decide';
    expect(messageOf({...valid, language: 'es'})).toBe(`The narration of composition "Demo" is invalid:\nnarration.language: ${allowed} (got "es")`);
    expect(messageOf({...valid, cues: [{id: 'a', text: 'x', language: 'zh-CN'}]})).toContain(`narration.cues[0].language: ${allowed} (got "zh-CN")`);
    expect(messageOf({...valid, language: 1})).toContain(`narration.language: ${allowed} (got 1)`);
  });
});
