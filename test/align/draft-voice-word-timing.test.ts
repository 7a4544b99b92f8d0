import {beforeAll, describe, expect, it} from 'vitest';
import {wordsOf} from '../../src/core/text/words.ts';
import {measureWordTiming, WORD_ALIGNER_ID} from '../../src/node/align/measure-word-timing.ts';
import {decodeMp3} from '../../src/node/mp3/decode-mp3.ts';
import {SILENCE_THRESHOLD} from '../../src/node/mp3/describe-samples.ts';
import {readMp3Frames} from '../../src/node/mp3/read-mp3-frames.ts';
import {createDraftVoiceProvider, DRAFT_VOICE_WORD_TIMING_ID} from '../../src/node/providers/draft-voice/create-draft-voice-provider.ts';
import type {SpeechRequest} from '../../src/node/providers/speech-provider.ts';
import {quantile} from './ground-truth.ts';

const text = 'Wait... did you hear that? It sounded like thunder — far away over the hills, 1,500 metres or more. Then, silence.';
const request = (overrides: Partial<SpeechRequest> = {}): SpeechRequest => ({speakerId: 'uk_man2', text, speed: 1, emotion: null, ...overrides});
/** One frame of a 30 fps video. */
const FRAME_IN_SECONDS = 1 / 30;

const decodeFirstChannel = async (mp3: Uint8Array) => {
  const decoded = await decodeMp3({data: mp3, frames: readMp3Frames({data: mp3, name: 'draft.mp3'}), name: 'draft.mp3'});
  return {samples: decoded.channelData[0]!, sampleRate: decoded.sampleRate};
};

beforeAll(async () => {
  await createDraftVoiceProvider().synthesize(request()); // loads eSpeak outside the tests' timeouts
});

describe("the draft voice's own word times", () => {
  it('gives one [start, end] per word of wordsOf(text), in order', async () => {
    const {wordTiming} = await createDraftVoiceProvider().synthesize(request());
    expect(wordTiming?.by).toBe(DRAFT_VOICE_WORD_TIMING_ID);
    const words = wordTiming!.words;
    expect(words).toHaveLength(wordsOf(text).length);
    words.slice(1).forEach(([start, end], k) => {
      expect(start).toBeGreaterThanOrEqual(words[k]![1]);
      expect(end).toBeGreaterThanOrEqual(start);
    });
  });

  it('places words on the decoded MP3: speech resumes after a pause where the next word starts', async () => {
    for (const speed of [0.8, 1, 1.5]) {
      const {mp3, wordTiming} = await createDraftVoiceProvider().synthesize(request({speed}));
      const {samples, sampleRate} = await decodeFirstChannel(mp3);
      const words = wordTiming!.words;
      // eSpeak's first sample is decoded 1105 samples late (lamejs's delay): the first word starts there.
      expect(words[0]![0]).toBeCloseTo(1105 / sampleRate, 6);
      let checked = 0;
      words.forEach(([start], index) => {
        const previousEnd = index > 0 ? words[index - 1]![1] : 0;
        if (index === 0 || start - previousEnd < 0.1) return;
        // Search from the middle of the pause: an MP3 smears a word's last sounds a little past its end.
        let sample = Math.round(((previousEnd + start) / 2) * sampleRate);
        while (sample < samples.length && Math.abs(samples[sample]!) <= SILENCE_THRESHOLD) sample++;
        expect(Math.abs(sample / sampleRate - start), `speed ${speed}, word ${index} ${wordsOf(text)[index]!.text}`).toBeLessThan(0.02);
        checked++;
      });
      expect(checked).toBeGreaterThanOrEqual(2);
    }
  });

  it('agrees with what the aligner measures on the same clip, within a video frame or so', async () => {
    const differences: number[] = [];
    const spoken = wordsOf(text).flatMap((word, index) => (/[\p{L}\p{N}]/u.test(word.text) ? [index] : []));
    for (const [voice, speakerId, speed] of [
      ['en-us', 'uk_man2', 1],
      ['en-us', 'uk_boy1', 0.8],
      ['en-gb', 'oversea_male1', 1.5],
    ] as const) {
      const {mp3, wordTiming} = await createDraftVoiceProvider({voice}).synthesize(request({speakerId, speed}));
      const measured = await measureWordTiming({text, data: mp3, name: 'draft.mp3'});
      expect(measured.by).toBe(WORD_ALIGNER_ID);
      for (const index of spoken) differences.push(Math.abs(measured.words[index]![0] - wordTiming!.words[index]![0]));
    }
    console.log(
      `Draft voice's word onsets vs the aligner's, ${differences.length} words: median ${Math.round(quantile(differences, 0.5) * 1000)} ms, ` +
        `p95 ${Math.round(quantile(differences, 0.95) * 1000)} ms, largest ${Math.round(Math.max(...differences) * 1000)} ms`,
    );
    expect(quantile(differences, 0.5)).toBeLessThan(0.02);
    expect(quantile(differences, 0.95)).toBeLessThan(FRAME_IN_SECONDS);
    expect(Math.max(...differences)).toBeLessThan(2 * FRAME_IN_SECONDS);
  });
});
