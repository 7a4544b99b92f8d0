import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {inspectMp3} from '../../src/node/mp3/inspect-mp3.ts';
import {measureMp3} from '../../src/node/mp3/measure-mp3.ts';
import {repairMp3Header, type Mp3HeaderRepair} from '../../src/node/mp3/repair-mp3-header.ts';
import {fixture, framesOf, validCorpus, type CorpusFile} from './corpus.ts';
import {decodeWithFfmpeg, decodeWithMpg123, ffprobeDuration, tempFolder} from './reference.ts';

/**
 * What each repair must keep: `ffmpeg` = the samples ffmpeg (Chrome, Remotion) decoded before,
 * bit for bit; `mpg123` = the samples mpg123-decoder (measureMp3) decoded before.
 */
const expectations: Record<string, {repair: Mp3HeaderRepair; keeps: ('ffmpeg' | 'mpg123')[]}> = {
  'vbr-no-xing.mp3': {repair: 'xing-header-added', keeps: ['ffmpeg', 'mpg123']},
  'vbr-12000-stereo-no-xing.mp3': {repair: 'xing-header-added', keeps: ['ffmpeg', 'mpg123']},
  'vbr-pipe-24000-mono.mp3': {repair: 'xing-header-added', keeps: ['ffmpeg', 'mpg123']},
  'vbr-pipe-44100-stereo.mp3': {repair: 'xing-header-added', keeps: ['ffmpeg', 'mpg123']},
  'pipe-24000+apev2.mp3': {repair: 'xing-header-added', keeps: ['ffmpeg', 'mpg123']},
  // mpg123 used to trim 529 samples that ffmpeg plays, and to decode the VBRI frame ffmpeg skips.
  'xing-count-only-24000.mp3': {repair: 'xing-header-added', keeps: ['ffmpeg']},
  'vbri-24000.mp3': {repair: 'xing-header-added', keeps: ['ffmpeg']},
  // ffmpeg used to ignore the frame count (and so the padding) because of the big APE tag.
  'xing+8k-ape.mp3': {repair: 'xing-header-rewritten', keeps: ['mpg123']},
};

const corpus = validCorpus();
let temp: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  temp = await tempFolder();
});
afterAll(() => temp.remove());

/** Largest |difference| between two decodes of the same length, or Infinity if the lengths differ. */
const largestDifference = (a: Float32Array[], b: Float32Array[], length: number): number => {
  let largest = 0;
  for (let channel = 0; channel < 2; channel++) {
    for (let i = 0; i < length; i++) largest = Math.max(largest, Math.abs(a[channel]![i]! - b[channel]![i]!));
  }
  return largest;
};

const checkRepaired = async ({name, data}: CorpusFile, {repair, keeps}: {repair: Mp3HeaderRepair; keeps: ('ffmpeg' | 'mpg123')[]}) => {
  const repaired = await repairMp3Header({data, name});
  expect(repaired.repair).toBe(repair);
  expect(repaired.problem).toBe(inspectMp3({data, name}).headerProblem);
  const after = inspectMp3({data: repaired.data, name});
  expect(after.needsHeaderRepair).toBe(false);
  expect(repaired.inspection).toEqual(after);

  // A render plays it whole: ffprobe's length is the frames' length, not less than the decoded length;
  // with a header added, exactly one frame (the silent one) more.
  const [before, file] = [await temp.write(name, data), await temp.write(`repaired-${name}`, repaired.data)];
  const estimate = await ffprobeDuration(file);
  const decodedAfter = await decodeWithMpg123(repaired.data);
  const decodedSeconds = decodedAfter.samplesDecoded / decodedAfter.sampleRate;
  expect(decodedAfter.samplesDecoded).toBe(after.sampleCount);
  expect(estimate).toBeGreaterThanOrEqual(decodedSeconds - 1e-6);
  expect(Math.abs(estimate - (after.frameCount * after.samplesPerFrame) / after.sampleRate)).toBeLessThan(1.5e-6);
  if (repair === 'xing-header-added') {
    expect(estimate - decodedSeconds).toBeCloseTo(after.samplesPerFrame / after.sampleRate, 5);
  }

  // mpg123 (measureMp3) and ffmpeg (Chrome, Remotion) now decode the same samples.
  const ffmpegAfter = await decodeWithFfmpeg(file);
  expect(ffmpegAfter.length / after.channelCount).toBe(after.sampleCount);

  if (keeps.includes('ffmpeg')) expect(ffmpegAfter).toEqual(await decodeWithFfmpeg(before));
  if (keeps.includes('mpg123')) {
    const decodedBefore = await decodeWithMpg123(data);
    expect(decodedAfter.samplesDecoded).toBe(decodedBefore.samplesDecoded);
    // Equal but for float rounding in mpg123's synthesis filter (its ring buffer starts a frame later).
    expect(largestDifference(decodedAfter.channelData, decodedBefore.channelData, decodedBefore.samplesDecoded)).toBeLessThan(2 ** -21);
    expect(await measureMp3({data: repaired.data, name})).toEqual(await measureMp3({data, name}));
  }

  // Idempotent.
  const again = await repairMp3Header({data: repaired.data, name});
  expect(again.repair).toBe('none');
  expect(again.data).toBe(repaired.data);
  return repaired;
};

describe('repairMp3Header', () => {
  it.each(Object.entries(expectations))('%s: %o', async (name, expected) => {
    await checkRepaired(corpus.find((file) => file.name === name)!, expected);
  });

  it.each(corpus.filter(({name}) => !(name in expectations)).map((file) => [file.name, file] as const))(
    '%s: needs nothing and is returned as it is',
    async (_, {name, data}) => {
      const repaired = await repairMp3Header({data, name});
      expect(repaired).toEqual({data, repair: 'none', problem: null, inspection: inspectMp3({data, name})});
      expect(repaired.data).toBe(data);
    },
  );

  it('keeps the tags around the frames', async () => {
    const file = corpus.find(({name}) => name === 'pipe-24000+apev2.mp3')!;
    const {data} = await repairMp3Header(file);
    expect(data.subarray(0, 44)).toEqual(file.data.subarray(0, 44)); // ffmpeg's ID3v2 tag
    expect(data.subarray(-95)).toEqual(file.data.subarray(-95)); // the APE tag
  });

  it('re-encodes, sample-aligned, a stream cut mid-way, whose first frame borrows bytes from a frame that is gone', async () => {
    const source = fixture('vbr-no-xing.mp3');
    const cut: CorpusFile = {name: 'cut-stream.mp3', data: framesOf(source, 1), about: 'vbr-no-xing.mp3 without its first frame'};
    const repaired = await checkRepaired(cut, {repair: 're-encoded', keeps: []});
    // Same length as ffmpeg played it before, and the same timing: the cross-correlation of the
    // two decodes peaks at lag 0.
    const before = await decodeWithFfmpeg(await temp.write(cut.name, cut.data));
    const after = await decodeWithFfmpeg(await temp.write('re-encoded.mp3', repaired.data));
    expect(after.length).toBe(before.length);
    const correlation = (lag: number) => {
      let sum = 0;
      for (let i = 1000; i < 88200; i++) sum += before[i]! * after[i + lag]!;
      return sum;
    };
    const lags = Array.from({length: 41}, (_, index) => index - 20);
    const best = lags.reduce((a, b) => (correlation(b) > correlation(a) ? b : a));
    expect(best).toBe(0);
  });
});
