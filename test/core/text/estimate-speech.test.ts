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
});
