import {describe, expect, it} from 'vitest';
import {estimateSpeechInSeconds} from '../../../src/core/text/estimate-speech.ts';

describe('estimateSpeechInSeconds', () => {
  it('uses 65 ms a character for Latin text, divided by speed', () => {
    expect(estimateSpeechInSeconds({text: 'a'.repeat(100), speed: 1})).toBeCloseTo(6.5);
    expect(estimateSpeechInSeconds({text: 'a'.repeat(100), speed: 2})).toBeCloseTo(3.25);
  });

  it('counts an emoji sequence once, CJK by its syllables, digits as spoken numbers', () => {
    expect(estimateSpeechInSeconds({text: '👨‍👩‍👧‍👦', speed: 1})).toBeCloseTo(0.8);
    expect(estimateSpeechInSeconds({text: '中文', speed: 1})).toBeCloseTo(0.5);
    expect(estimateSpeechInSeconds({text: 'かな', speed: 1})).toBeCloseTo(0.3);
    expect(estimateSpeechInSeconds({text: '2024', speed: 1})).toBeCloseTo(0.8);
  });

  it('keeps 150 Latin characters under 15 s even at speed 0.8, so only CJK, digits and emoji reach the speech limit', () => {
    expect(estimateSpeechInSeconds({text: 'a'.repeat(150), speed: 0.8})).toBeLessThan(15);
    expect(estimateSpeechInSeconds({text: '中'.repeat(150), speed: 1})).toBeGreaterThan(15);
  });

  it('estimates Mandarin at 4 characters a second, with Latin words and digits inside it at their English cost', () => {
    // 12 Han × 250 ms + "2024" 4 × 200 ms + "iPhone" 6 × 65 ms + "，。" 2 × 65 ms
    expect(estimateSpeechInSeconds({text: '我们在2024年用iPhone拍了视频，很好看。', speed: 1})).toBeCloseTo(3 + 0.8 + 0.39 + 0.13);
    expect(estimateSpeechInSeconds({text: 'iPhone 2024', speed: 1})).toBeCloseTo(6 * 0.065 + 0.065 + 0.8);
  });

  it('fits 60 Han characters in Kling\'s 15 s at speed 1, not 61', () => {
    expect(estimateSpeechInSeconds({text: '中'.repeat(60), speed: 1})).toBeLessThanOrEqual(15);
    expect(estimateSpeechInSeconds({text: '中'.repeat(61), speed: 1})).toBeGreaterThan(15);
  });

  it('reads full-width symbols as the symbols they are (５０％ is "百分之五十")', () => {
    expect(estimateSpeechInSeconds({text: '％', speed: 1})).toBeCloseTo(estimateSpeechInSeconds({text: '%', speed: 1}));
    expect(estimateSpeechInSeconds({text: '＆＠＃', speed: 1})).toBeCloseTo(0.9);
  });
});
