// measureWordTiming when eSpeak cannot be used: the engine is replaced here, so this file has a
// module graph of its own (vi.mock is per file).
import {beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {SpeechServiceError} from '../../src/core/errors.ts';
import {wordsOf} from '../../src/core/text/words.ts';
import {measureWordTiming, SPREAD_WORD_TIMING_ID, WORD_ALIGNER_ID} from '../../src/node/align/measure-word-timing.ts';
import type {EspeakEngine} from '../../src/node/providers/draft-voice/espeak-engine.ts';
import {loadGroundTruth, type GroundTruthClip} from './ground-truth.ts';

const engine = vi.hoisted(() => ({load: null as null | (() => Promise<EspeakEngine>)}));

vi.mock('../../src/node/providers/draft-voice/espeak-engine.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/node/providers/draft-voice/espeak-engine.ts')>();
  return {...original, loadEspeakEngine: () => (engine.load ?? original.loadEspeakEngine)()};
});

let clip: GroundTruthClip;
beforeAll(async () => {
  clip = (await loadGroundTruth(['clips'])).find((candidate) => candidate.words.length >= 15)!;
});
beforeEach(() => {
  engine.load = null;
});

/** Spread over the speech: the first word starts where the speech does, the last ends where it ends. */
const expectSpreadOverSpeech = (words: [number, number][]) => {
  expect(words).toHaveLength(wordsOf(clip.text).length);
  expect(Math.abs(words[0]![0] - clip.words[0]!.startInSeconds)).toBeLessThan(0.06);
  expect(Math.abs(words.at(-1)![1] - clip.words.at(-1)!.endInSeconds!)).toBeLessThan(0.15);
  words.slice(1).forEach(([start], k) => expect(start).toBeGreaterThanOrEqual(words[k]![1]));
};

describe('measureWordTiming without eSpeak', () => {
  it('aligns with eSpeak when it can (the same clip, for comparison)', async () => {
    expect((await measureWordTiming({text: clip.text, data: clip.mp3, name: 'clip.mp3'})).by).toBe(WORD_ALIGNER_ID);
  });

  it('spreads the words over the speech when eSpeak cannot be loaded', async () => {
    engine.load = () => Promise.reject(new SpeechServiceError('The offline draft voice (eSpeak NG) could not be loaded.', {status: null, transient: false}));
    const {by, words} = await measureWordTiming({text: clip.text, data: clip.mp3, name: 'clip.mp3'});
    expect(by).toBe(SPREAD_WORD_TIMING_ID);
    expectSpreadOverSpeech(words);
  });

  it('spreads them when eSpeak fails on the text', async () => {
    engine.load = async () => ({
      speak: () => {
        throw new SpeechServiceError('eSpeak NG crashed: unreachable.', {status: null, transient: false});
      },
    });
    const {by, words} = await measureWordTiming({text: clip.text, data: clip.mp3, name: 'clip.mp3'});
    expect(by).toBe(SPREAD_WORD_TIMING_ID);
    expectSpreadOverSpeech(words);
  });

  it("spreads them when eSpeak's word events cannot be read", async () => {
    const {loadEspeakEngine} = await vi.importActual<typeof import('../../src/node/providers/draft-voice/espeak-engine.ts')>(
      '../../src/node/providers/draft-voice/espeak-engine.ts',
    );
    const real = await loadEspeakEngine();
    engine.load = async () => ({speak: (input) => ({...real.speak(input), wordEvents: null})});
    const {by, words} = await measureWordTiming({text: clip.text, data: clip.mp3, name: 'clip.mp3'});
    expect(by).toBe(SPREAD_WORD_TIMING_ID);
    expectSpreadOverSpeech(words);
  });
});
