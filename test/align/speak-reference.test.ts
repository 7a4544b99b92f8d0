import {describe, expect, it} from 'vitest';
import {referenceVoiceFor, speakReference} from '../../src/node/align/speak-reference.ts';
import {loadEspeakEngine} from '../../src/node/providers/draft-voice/espeak-engine.ts';

describe("the aligner's reference speaks the cue's language", () => {
  it.each([
    {text: '今天天气很好。', language: undefined, voice: 'cmn'},
    {text: 'Hello, world.', language: undefined, voice: 'en-us'},
    // Digits and Latin words in a Chinese cue are read in Mandarin: only the cue can tell.
    {text: '10, 9, 8, 7, 6, 5, 4, 3, 2, 1!', language: undefined, voice: 'en-us'},
    {text: '10, 9, 8, 7, 6, 5, 4, 3, 2, 1!', language: 'zh', voice: 'cmn'},
    {text: 'iPhone 15 Pro', language: 'zh', voice: 'cmn'},
    {text: 'Hello, world.', language: 'en', voice: 'en-us'},
    // English cannot read Han characters (eSpeak's English voice says "Chinese letter"): the characters win.
    {text: '我们用 API 读取数据。', language: 'en', voice: 'cmn'},
    {text: 'こんにちは', language: undefined, voice: 'ja'},
  ] as const)('$text ($language) → $voice', ({text, language, voice}) => {
    expect(referenceVoiceFor(text, language)).toBe(voice);
  });

  it("speaks a Chinese cue's digits with the Mandarin voice, one word event per number", async () => {
    const engine = await loadEspeakEngine();
    const text = '2024, 2025, 2026.';
    const chinese = speakReference({engine, text, language: 'zh'})!;
    const english = speakReference({engine, text})!;
    expect([chinese.voice, english.voice]).toEqual(['cmn', 'en-us']);
    expect(chinese.words).toEqual(['2024,', '2025,', '2026.']);
    expect(chinese.wordsWithEvents).toBe(3);
    // Mandarin reads "二零二四" digit by digit, English "twenty twenty-four": not the same sounds or lengths.
    expect(chinese.audio.samples.length).not.toBe(english.audio.samples.length);
  });
});
