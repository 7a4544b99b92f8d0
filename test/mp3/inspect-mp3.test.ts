import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {inspectMp3} from '../../src/node/mp3/inspect-mp3.ts';
import {measureFiles} from '../../src/node/mp3/measure-files.ts';
import {measureMp3} from '../../src/node/mp3/measure-mp3.ts';
import {readMp3Frames} from '../../src/node/mp3/read-mp3-frames.ts';
import {fixture, validCorpus} from './corpus.ts';
import {decodeWithMpg123, ffprobeDuration, tempFolder} from './reference.ts';

const corpus = validCorpus();
let temp: Awaited<ReturnType<typeof tempFolder>>;
const files = new Map<string, string>();

beforeAll(async () => {
  temp = await tempFolder();
  for (const {name, data} of corpus) files.set(name, await temp.write(name, data));
});
afterAll(() => temp.remove());

describe('inspectMp3 on every valid file of the corpus', () => {
  it.each(corpus.map((file) => [file.name, file] as const))('%s: walking the frames gives the length of a full gapless decode, to the sample', async (_, {name, data}) => {
    const inspection = inspectMp3({data, name});
    const decoded = await decodeWithMpg123(data);
    expect(decoded.samplesDecoded).toBeGreaterThan(0);
    expect(inspection.sampleCount).toBe(decoded.samplesDecoded);
    expect(inspection.sampleRate).toBe(decoded.sampleRate);
    expect(inspection.durationInSeconds).toBe(decoded.samplesDecoded / decoded.sampleRate);
    // measureMp3 decodes, measureFiles does not: both give this same number.
    expect((await measureMp3({data, name})).durationInSeconds).toBe(inspection.durationInSeconds);
    expect(await measureFiles({files: [files.get(name)!]})).toEqual([{file: files.get(name), durationInSeconds: inspection.durationInSeconds}]);
  });

  it.each(corpus.map((file) => [file.name, file] as const))('%s: headerEstimateInSeconds is what ffprobe reports', async (_, {name, data}) => {
    const {headerEstimateInSeconds} = inspectMp3({data, name});
    // ffprobe prints microseconds.
    expect(Math.abs(headerEstimateInSeconds - (await ffprobeDuration(files.get(name)!)))).toBeLessThan(1.5e-6);
  });

  it('flags exactly the files a render would cut short or that mpg123 and ffmpeg decode differently', () => {
    const flagged = corpus.filter(({name, data}) => inspectMp3({data, name}).needsHeaderRepair).map(({name}) => name);
    expect(flagged).toEqual([
      'vbr-no-xing.mp3',
      'vbr-12000-stereo-no-xing.mp3',
      'vbr-pipe-24000-mono.mp3',
      'vbr-pipe-44100-stereo.mp3',
      'pipe-24000+apev2.mp3',
      'xing-count-only-24000.mp3',
      'vbri-24000.mp3',
      'xing+8k-ape.mp3',
    ]);
  });

  it('cuts a VBR file without Xing short in the header estimate, as ffprobe does (the issue)', () => {
    const inspection = inspectMp3({data: fixture('vbr-pipe-24000-mono.mp3'), name: 'vbr-pipe-24000-mono.mp3'});
    expect(inspection.xing).toBeNull();
    expect(inspection.bitrateMode).toBe('vbr');
    expect(inspection.durationInSeconds).toBe(2.352);
    expect(inspection.headerEstimateInSeconds).toBeCloseTo(2.086512, 6);
    expect(inspection.headerProblem).toMatch(/VBR without a frame count .* \(ffprobe: 2\.087 s; its frames hold 2\.352 s\)/);
  });

  it('reads the LAME tag and applies it as mpg123 does (delay + 529 at the start, padding − 529 at the end)', () => {
    const inspection = inspectMp3({data: fixture('cbr-44100-mono.mp3'), name: 'cbr-44100-mono.mp3'});
    expect(inspection).toMatchObject({
      mpegVersion: 1,
      channelCount: 1,
      frameCount: 78,
      bitrateMode: 'cbr',
      xing: {kind: 'info', frameCount: 78, byteCount: 33017},
      lame: {encoderDelay: 576, padding: 1080},
      sampleCount: 78 * 1152 - (576 + 529) - (1080 - 529),
      needsHeaderRepair: false,
    });
  });

  it('reads the tags around the frames', () => {
    const {tags} = readMp3Frames({data: corpus.find(({name}) => name === 'vbr-xing+apev2+id3v1.mp3')!.data, name: 'x'});
    expect(tags.map((tag) => tag.kind)).toEqual(['ape', 'id3v1']);
    const apic = readMp3Frames({data: fixture('vbr-22050-mono-id3v2-apic.mp3'), name: 'x'});
    expect(apic.tags[0]).toMatchObject({kind: 'id3v2', start: 0});
    expect(apic.tags[0]!.end).toBeGreaterThan(100_000);
    expect(apic.streamStart).toBe(apic.tags[0]!.end);
  });
});
