import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {MPEGDecoder} from 'mpg123-decoder';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runRemotionFfmpeg} from '../helpers/remotion-ffmpeg.ts';
import {
  lameCrc16,
  lameXingToc,
  MP3_DECODER_DELAY_SAMPLES,
  readMp3Frames,
  synthesizeTestSpeech,
  synthesizeTestSpeechPcm,
  TEST_SPEECH_ENCODER_DELAY_SAMPLES,
  TEST_SPEECH_LEADING_SILENCE_IN_SECONDS,
} from './test-speech.ts';

/**
 * The fake's `gaplessTag` clips: a LAME Info frame in front of lamejs's frames must make gapless
 * decoders (mpg123-decoder, and ffmpeg, which Chrome's decoding follows) return exactly the
 * synthesized PCM, speech at the source's sample; untagged clips keep the 1105-sample delay.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');
const TEXT = 'Gapless playback starts the speech right on time.';
const RATES = [44100, 24000, 22050] as const;
const SILENCE_THRESHOLD = 10 ** (-50 / 20);
const CODEC_DELAY_SAMPLES = TEST_SPEECH_ENCODER_DELAY_SAMPLES + MP3_DECODER_DELAY_SAMPLES;

const decodeMpg123 = async (mp3: Uint8Array, enableGapless = true) => {
  const decoder = new MPEGDecoder({enableGapless});
  await decoder.ready;
  try {
    const {channelData, samplesDecoded, sampleRate, errors} = decoder.decode(mp3);
    return {samples: channelData[0]!.slice(0, samplesDecoded), sampleRate, errors};
  } finally {
    decoder.free();
  }
};

const firstLoud = (samples: ArrayLike<number>, scale = 1): number => {
  for (let i = 0; i < samples.length; i++) if (Math.abs(samples[i]! / scale) > SILENCE_THRESHOLD) return i;
  return -1;
};

/** The shift of `decoded` against `source` (in samples, -100..1300) with the highest correlation. */
const bestLag = (source: Int16Array, decoded: Float32Array): number => {
  const from = firstLoud(source, 32768);
  const to = Math.min(source.length, from + 20000);
  let best = -Infinity;
  let lag = 0;
  for (let shift = -100; shift <= 1300; shift++) {
    let sum = 0;
    for (let i = from; i < to; i++) sum += source[i]! * (decoded[i + shift] ?? 0);
    if (sum > best) {
      best = sum;
      lag = shift;
    }
  }
  return lag;
};

/** The Xing/LAME fields a decoder reads, from the first frame. */
const readInfoTag = (mp3: Uint8Array) => {
  const first = readMp3Frames(mp3)[0]!;
  const at = 4 + (first.mpegVersion === 1 ? (first.channelMode === 3 ? 17 : 32) : first.channelMode === 3 ? 9 : 17);
  const view = new DataView(mp3.buffer, mp3.byteOffset, mp3.byteLength);
  const ascii = (from: number, length: number) => Buffer.from(mp3.subarray(from, from + length)).toString('latin1');
  const lame = at + 120;
  return {
    first,
    at,
    id: ascii(at, 4),
    flags: view.getUint32(at + 4),
    frames: view.getUint32(at + 8),
    bytes: view.getUint32(at + 12),
    toc: mp3.slice(at + 16, at + 116),
    quality: view.getUint32(at + 116),
    encoder: ascii(lame, 9),
    method: mp3[lame + 9]! & 0x0f,
    bitrate: mp3[lame + 20]!,
    delay: (mp3[lame + 21]! << 4) | (mp3[lame + 22]! >> 4),
    padding: ((mp3[lame + 22]! & 0x0f) << 8) | mp3[lame + 23]!,
    musicLength: view.getUint32(lame + 28),
    musicCrc: view.getUint16(lame + 32),
    tagCrc: view.getUint16(lame + 34),
  };
};

describe('LAME tag algorithms against files made by lame 3.100', () => {
  it.each([
    ['cbr-44100-mono.mp3', 21],
    ['mpeg25-8khz.mp3', 13],
  ])('%s: TOC, music CRC and tag CRC recomputed byte for byte', async (name, infoOffset) => {
    const mp3 = new Uint8Array(await readFile(path.join(FIXTURES, name)));
    const tag = readInfoTag(mp3);
    expect(tag.at).toBe(infoOffset);
    expect(tag.id).toBe('Info');
    const audio = readMp3Frames(mp3).slice(1);
    expect(tag.frames).toBe(audio.length);
    expect(tag.bytes).toBe(mp3.length);
    expect(tag.delay).toBe(TEST_SPEECH_ENCODER_DELAY_SAMPLES);
    expect([...lameXingToc(audio.map((frame) => frame.bitrateKbps))]).toEqual([...tag.toc]);
    expect(lameCrc16(mp3.subarray(tag.first.size))).toBe(tag.musicCrc);
    expect(lameCrc16(mp3.subarray(0, tag.at + 154))).toBe(tag.tagCrc);
  });
});

describe.each(RATES)('synthesizeTestSpeech at %i Hz', (sampleRate) => {
  const source = synthesizeTestSpeechPcm({text: TEXT, speed: 1, sampleRate});
  const untagged = synthesizeTestSpeech({text: TEXT, speed: 1, sampleRate});
  const tagged = synthesizeTestSpeech({text: TEXT, speed: 1, sampleRate, gaplessTag: true});
  const samplesPerFrame = sampleRate > 24000 ? 1152 : 576;
  const leadingSamples = Math.round(TEST_SPEECH_LEADING_SILENCE_IN_SECONDS * sampleRate);

  it('puts an Info frame with the frame count, delay, padding and valid CRCs before the untagged frames', () => {
    const tag = readInfoTag(tagged);
    const audioFrames = readMp3Frames(untagged);
    expect(Buffer.from(tagged.subarray(tag.first.size)).equals(Buffer.from(untagged))).toBe(true);
    expect(tag.first).toMatchObject({offset: 0, sampleRate, samplesPerFrame, mpegVersion: sampleRate > 24000 ? 1 : 2, bitrateKbps: 128, channelMode: 3});
    expect(tagged[2]! & 0x02).toBe(0); // no padding slot in the Info frame
    expect({id: tag.id, flags: tag.flags, frames: tag.frames, bytes: tag.bytes, musicLength: tag.musicLength}).toEqual({
      id: 'Info',
      flags: 0x0f,
      frames: audioFrames.length,
      bytes: tagged.length,
      musicLength: tagged.length,
    });
    expect({encoder: tag.encoder, method: tag.method, bitrate: tag.bitrate, quality: tag.quality}).toEqual({encoder: 'LAME3.98r', method: 1, bitrate: 128, quality: 57});
    expect(tag.delay).toBe(576);
    expect(tag.padding).toBe(audioFrames.length * samplesPerFrame - 576 - source.length);
    expect(tag.padding).toBeGreaterThanOrEqual(MP3_DECODER_DELAY_SAMPLES);
    expect([...tag.toc]).toEqual([...lameXingToc(audioFrames.map((frame) => frame.bitrateKbps))]);
    expect(tag.toc[0]).toBe(0);
    expect(tag.toc[99]).toBeGreaterThan(250);
    expect(tag.musicCrc).toBe(lameCrc16(untagged));
    expect(tag.tagCrc).toBe(lameCrc16(tagged.subarray(0, tag.at + 154)));
  });

  it('decodes (mpg123, gapless) to exactly the synthesized samples, speech at the source sample', async () => {
    const decoded = await decodeMpg123(tagged);
    expect(decoded.errors).toEqual([]);
    expect(decoded.sampleRate).toBe(sampleRate);
    expect(decoded.samples.length).toBe(source.length);
    expect(bestLag(source, decoded.samples)).toBe(0);
    const sourceOnset = firstLoud(source, 32768);
    expect(Math.abs(sourceOnset - leadingSamples)).toBeLessThan(0.001 * sampleRate); // the 10 ms fade-in
    expect(Math.abs(firstLoud(decoded.samples) - sourceOnset)).toBeLessThanOrEqual(1);
    // Digital silence before the speech stays (nearly) silent.
    expect(Math.max(...decoded.samples.subarray(0, leadingSamples - 64).map(Math.abs))).toBeLessThan(SILENCE_THRESHOLD);
  });

  it('without the tag, or without gapless decoding, keeps the 1105-sample delay and the padding', async () => {
    const frames = readMp3Frames(untagged).length;
    const plain = await decodeMpg123(untagged);
    expect(plain.samples.length).toBe(frames * samplesPerFrame);
    expect(bestLag(source, plain.samples)).toBe(CODEC_DELAY_SAMPLES);
    expect(firstLoud(plain.samples) - firstLoud(source, 32768)).toBe(CODEC_DELAY_SAMPLES);

    const taggedNoGapless = await decodeMpg123(tagged, false);
    expect(taggedNoGapless.samples.length).toBe(frames * samplesPerFrame);
    expect(bestLag(source, taggedNoGapless.samples)).toBe(CODEC_DELAY_SAMPLES);
  });
});

describe("Remotion's ffmpeg", () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gapless-'));
  });
  afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  const decodeFfmpeg = async (mp3: Uint8Array, name: string) => {
    const input = path.join(dir, `${name}.mp3`);
    const output = path.join(dir, `${name}.wav`);
    await writeFile(input, mp3);
    await runRemotionFfmpeg({args: ['-y', '-i', input, '-c:a', 'pcm_s16le', output]});
    const wav = await readFile(output);
    const data = wav.indexOf('data', 12);
    const samples = new Float32Array(wav.readUInt32LE(data + 4) / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = wav.readInt16LE(data + 8 + 2 * i) / 32768;
    const probe = await runRemotionFfmpeg({binary: 'ffprobe', args: ['-show_entries', 'stream=duration,start_time', '-of', 'json', input]});
    const stream = (JSON.parse(probe.toString('utf8')) as {streams: {start_time: string; duration: string}[]}).streams[0]!;
    return {samples, startTime: Number(stream.start_time), duration: Number(stream.duration)};
  };

  it.each(RATES)('trims the tagged clip to the synthesized samples at %i Hz, and not the untagged one', async (sampleRate) => {
    const source = synthesizeTestSpeechPcm({text: TEXT, speed: 1, sampleRate});
    const untagged = synthesizeTestSpeech({text: TEXT, speed: 1, sampleRate});
    const tagged = synthesizeTestSpeech({text: TEXT, speed: 1, sampleRate, gaplessTag: true});
    const frameSamples = readMp3Frames(untagged).length * (sampleRate > 24000 ? 1152 : 576);

    const fromTagged = await decodeFfmpeg(tagged, `tagged-${sampleRate}`);
    expect(fromTagged.samples.length).toBe(source.length);
    expect(bestLag(source, fromTagged.samples)).toBe(0);
    expect(Math.abs(firstLoud(fromTagged.samples) - firstLoud(source, 32768))).toBeLessThanOrEqual(1);
    // ffprobe reports the skipped delay as start_time and the untrimmed frames as duration, as for lame's files.
    expect(fromTagged.startTime).toBeCloseTo(CODEC_DELAY_SAMPLES / sampleRate, 5);
    expect(fromTagged.duration).toBeCloseTo(frameSamples / sampleRate, 4);

    const fromUntagged = await decodeFfmpeg(untagged, `untagged-${sampleRate}`);
    expect(fromUntagged.samples.length).toBe(frameSamples);
    expect(bestLag(source, fromUntagged.samples)).toBe(CODEC_DELAY_SAMPLES);
    expect(fromUntagged.startTime).toBe(0);
  });
});
