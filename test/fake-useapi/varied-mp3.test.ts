import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {inspectMp3, type Mp3Inspection} from '../../src/node/mp3/inspect-mp3.ts';
import {decodeMp3} from '../../src/node/mp3/decode-mp3.ts';
import {measureMp3, SILENCE_THRESHOLD} from '../../src/node/mp3/measure-mp3.ts';
import {readMp3Frames} from '../../src/node/mp3/read-mp3-frames.ts';
import {playedLengthInSeconds} from '../helpers/played-length.ts';
import {FAKE_DEFAULT_SPEAKER_ID, fakeClipFormat, fakeClipIsTagged, startFakeUseapi, type FakeUseapi} from './fake-useapi-server.ts';
import {
  FAKE_MP3_ENCODINGS,
  FAKE_VARIED_LEADING_SILENCE_IN_SECONDS,
  FAKE_VARIED_SAMPLE_RATES,
  FAKE_VARIED_TRAILING_SILENCE_IN_SECONDS,
  type FakeClipFormat,
} from './varied-mp3.ts';
import {testSpeechLayout} from './test-speech.ts';

/** Samples of codec delay a decoder keeps when no LAME tag tells it to trim them (576 + 529). */
const CODEC_DELAY_SAMPLES = 1105;

/** Short lines (1-2.5 s of speech), so that encoding all of them stays quick. */
const TEXTS = Array.from({length: 28}, (_, i) => `Line ${i + 1} of the varied fake.`);

let fake: FakeUseapi;
beforeAll(async () => {
  fake = await startFakeUseapi({mp3Style: 'varied'});
});
afterAll(async () => {
  await fake.close();
});

const speak = async (text: string, on: FakeUseapi = fake): Promise<Uint8Array> => {
  const response = await fetch(`${on.baseUrl}/v1/kling/tts/create`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Authorization: `Bearer ${on.token}`},
    body: JSON.stringify({speakerId: FAKE_DEFAULT_SPEAKER_ID, text}),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const {resource} = (await response.json()) as {resource: string};
  return new Uint8Array(await (await fetch(resource)).arrayBuffer());
};

type Served = {text: string; format: FakeClipFormat; mp3: Uint8Array; inspection: Mp3Inspection};

describe("fake useapi: mp3Style 'varied'", () => {
  const served: Served[] = [];
  beforeAll(async () => {
    for (const text of TEXTS) {
      const mp3 = await speak(text);
      served.push({text, format: fake.clipFormat(text), mp3, inspection: inspectMp3({data: mp3, name: text})});
    }
  }, 120_000);

  it('chooses every encoding, both sample rates, with and without a big ID3v2 tag, by text', () => {
    expect(fake.mp3Style).toBe('varied');
    const formats = served.map(({format}) => format);
    expect(new Set(formats.map((format) => format.encoding))).toEqual(new Set(FAKE_MP3_ENCODINGS));
    expect(new Set(formats.map((format) => format.sampleRate))).toEqual(new Set(FAKE_VARIED_SAMPLE_RATES));
    expect(new Set(formats.map((format) => format.bigId3v2Tag))).toEqual(new Set([true, false]));
    // The big tag comes with VBR and with CBR clips.
    expect(new Set(formats.filter((format) => format.bigId3v2Tag).map((format) => format.encoding.slice(0, 3)))).toEqual(new Set(['cbr', 'vbr']));
    for (const {format} of served) {
      expect(format.leadingSilenceInSeconds).toBeGreaterThanOrEqual(FAKE_VARIED_LEADING_SILENCE_IN_SECONDS.min);
      expect(format.leadingSilenceInSeconds).toBeLessThanOrEqual(FAKE_VARIED_LEADING_SILENCE_IN_SECONDS.max);
      expect(format.trailingSilenceInSeconds).toBeGreaterThanOrEqual(FAKE_VARIED_TRAILING_SILENCE_IN_SECONDS.min);
      expect(format.trailingSilenceInSeconds).toBeLessThanOrEqual(FAKE_VARIED_TRAILING_SILENCE_IN_SECONDS.max);
    }
    // Silences differ from clip to clip.
    expect(new Set(formats.map((format) => format.leadingSilenceInSeconds)).size).toBeGreaterThan(TEXTS.length / 2);
    expect(new Set(formats.map((format) => format.trailingSilenceInSeconds)).size).toBeGreaterThan(TEXTS.length / 2);
  });

  it('serves each encoding as the product sees it: only VBR without a Xing header needs a header repair', () => {
    for (const {text, format, inspection} of served) {
      const what = `${text} (${JSON.stringify(format)})`;
      expect(inspection.sampleRate, what).toBe(format.sampleRate);
      expect(inspection.channelCount, what).toBe(1);
      switch (format.encoding) {
        case 'cbr-lame-tag':
          expect(inspection.bitrateMode, what).toBe('cbr');
          expect(inspection.xing?.kind, what).toBe('info');
          expect(inspection.lame, what).not.toBeNull();
          expect(inspection.needsHeaderRepair, what).toBe(false);
          break;
        case 'cbr-no-tag':
          expect(inspection.bitrateMode, what).toBe('cbr');
          expect(inspection.xing, what).toBeNull();
          expect(inspection.needsHeaderRepair, what).toBe(false);
          break;
        case 'vbr-xing':
          expect(inspection.bitrateMode, what).toBe('vbr');
          expect(inspection.xing?.kind, what).toBe('xing');
          expect(inspection.xing?.frameCount, what).toBe(inspection.frameCount);
          expect(inspection.lame, what).not.toBeNull();
          expect(inspection.needsHeaderRepair, what).toBe(false);
          break;
        case 'vbr-no-xing':
          expect(inspection.bitrateMode, what).toBe('vbr');
          expect(inspection.xing, what).toBeNull();
          expect(inspection.needsHeaderRepair, what).toBe(true);
          expect(inspection.headerProblem, what).toContain('VBR without a frame count');
          break;
      }
      expect(fakeClipIsTagged(text, 'varied'), what).toBe(inspection.xing !== null);
    }
  });

  it('puts a ~100 KB ID3v2 tag with a cover picture before the audio of some clips, and no big tag before the others', () => {
    for (const {text, format, mp3} of served) {
      const {tags, streamStart} = readMp3Frames({data: mp3, name: text});
      const id3 = tags.filter((tag) => tag.kind === 'id3v2');
      if (format.bigId3v2Tag) {
        expect(id3, text).toHaveLength(1);
        expect(streamStart, text).toBeGreaterThan(100_000);
        expect(Buffer.from(mp3.subarray(0, streamStart)).includes('APIC'), text).toBe(true);
        expect(Buffer.from(mp3.subarray(0, streamStart)).includes('image/jpeg'), text).toBe(true);
      } else {
        // ffmpeg's own small tag (its name, "Lavf...") before VBR clips; lamejs writes none.
        expect(streamStart, text).toBeLessThan(1000);
        expect(id3, text).toHaveLength(format.encoding.startsWith('vbr') ? 1 : 0);
      }
    }
  });

  it('has the silences its format says at both ends, and no silence inside the speech', async () => {
    for (const {text, format, mp3, inspection} of served) {
      const audio = await measureMp3({data: mp3, name: text});
      // Without a LAME tag nothing trims the codec delay: the speech starts that much later.
      const delayInSeconds = inspection.lame ? 0 : CODEC_DELAY_SAMPLES / format.sampleRate;
      const what = `${text} (${JSON.stringify(format)})`;
      expect(Math.abs(audio.leadingSilenceInSeconds - delayInSeconds - format.leadingSilenceInSeconds), what).toBeLessThan(0.003);
      // Frame padding can only add silence at the end.
      expect(audio.trailingSilenceInSeconds, what).toBeGreaterThan(format.trailingSilenceInSeconds - 0.003);
      expect(audio.trailingSilenceInSeconds, what).toBeLessThan(format.trailingSilenceInSeconds + 0.1);
      const speechInSeconds = audio.durationInSeconds - audio.leadingSilenceInSeconds - audio.trailingSilenceInSeconds;
      expect(Math.abs(speechInSeconds - testSpeechLayout({text, speed: 1}).speechInSeconds), what).toBeLessThan(0.01);
      // A -50 dBFS silence detector sees one run of speech: only zero crossings dip below it.
      const {channelData, sampleRate} = await decodeMp3({data: mp3, frames: readMp3Frames({data: mp3, name: text}), name: text});
      const samples = channelData[0]!;
      const from = Math.round(audio.leadingSilenceInSeconds * sampleRate);
      const to = Math.round((audio.durationInSeconds - audio.trailingSilenceInSeconds) * sampleRate);
      let longestQuiet = 0;
      let quiet = 0;
      for (let i = from; i < to; i++) {
        quiet = Math.abs(samples[i]!) > SILENCE_THRESHOLD ? 0 : quiet + 1;
        longestQuiet = Math.max(longestQuiet, quiet);
      }
      expect(longestQuiet / sampleRate, what).toBeLessThan(0.002);
    }
  });

  it('makes VBR clips without a Xing header that players would cut short of their speech, as real ones are', async () => {
    // A render plays such a file up to its header estimate, which ffmpeg takes from the bitrate
    // of its first frames. The consonants make that bitrate vary as in real speech (measured on
    // real narration: 7.49 s decoded, 6.70 s played), so some clips lose speech there, not just
    // trailing silence; otherwise a test of the header repair could pass without it.
    const lines = Array.from({length: 120}, (_, i) => `Sentence ${i + 1}: a longer line of narration, about as long as the ones a real video has.`);
    const cuts: number[] = [];
    for (const text of lines.filter((line) => fakeClipFormat(line, 'varied').encoding === 'vbr-no-xing')) {
      const mp3 = await speak(text);
      const audio = await measureMp3({data: mp3, name: text});
      cuts.push(audio.durationInSeconds - audio.trailingSilenceInSeconds - (await playedLengthInSeconds(mp3)));
      if (cuts.at(-1)! > 0.1) break;
    }
    expect(Math.max(...cuts), `speech cut off per clip (s): ${cuts.map((cut) => cut.toFixed(3)).join(', ')}`).toBeGreaterThan(0.1);
  }, 60_000);

  it('serves the same bytes for the same text, and fixes the sample rate when asked', async () => {
    const text = TEXTS[0]!;
    expect(Buffer.from(await speak(text)).equals(Buffer.from(served[0]!.mp3))).toBe(true);
    const at24k = await startFakeUseapi({mp3Style: 'varied', sampleRate: 24_000});
    try {
      for (const text of TEXTS.slice(0, 6)) {
        expect(at24k.clipFormat(text)).toEqual({...fake.clipFormat(text), sampleRate: 24_000});
        expect(inspectMp3({data: await speak(text, at24k), name: text}).sampleRate).toBe(24_000);
      }
    } finally {
      await at24k.close();
    }
  }, 60_000);
});
