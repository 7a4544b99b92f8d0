import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {InvalidAudioError} from '../../src/core/errors.ts';
import {inspectMp3} from '../../src/node/mp3/inspect-mp3.ts';
import {measureFiles} from '../../src/node/mp3/measure-files.ts';
import {measureMp3} from '../../src/node/mp3/measure-mp3.ts';
import {repairMp3Header} from '../../src/node/mp3/repair-mp3-header.ts';
import {invalidCorpus, wavFile} from './corpus.ts';
import {capturingOutput, decodeWithMpg123, tempFolder} from './reference.ts';

const corpus = invalidCorpus();
let temp: Awaited<ReturnType<typeof tempFolder>>;
const files = new Map<string, string>();

beforeAll(async () => {
  temp = await tempFolder();
  for (const {name, data} of corpus) files.set(name, await temp.write(name, data));
});
afterAll(() => temp.remove());

const entryPoints: Record<string, (file: {data: Uint8Array; name: string}) => unknown> = {
  inspectMp3: ({data, name}) => inspectMp3({data, name}),
  measureMp3: ({data, name}) => measureMp3({data, name}),
  repairMp3Header: ({data, name}) => repairMp3Header({data, name}),
};

describe('files that are not MP3s', () => {
  const cases = corpus.flatMap((file) => Object.entries(entryPoints).map(([entry, call]) => [file.name, entry, file, call] as const));
  it.each(cases)('%s: %s refuses it with a message naming it, and prints nothing', async (_, __, {name, data, problem}, call) => {
    const {printed, error, result} = await capturingOutput(() => call({data, name}));
    expect(result).toBeUndefined();
    expect(error).toBeInstanceOf(InvalidAudioError);
    const message = (error as Error).message;
    expect(message.startsWith(name)).toBe(true);
    expect(message.slice(name.length)).toMatch(problem);
    expect(printed).toEqual([]);
  });

  it('measureFiles gives each of them an error entry naming its path, and prints nothing', async () => {
    const paths = corpus.map(({name}) => files.get(name)!);
    const {printed, result} = await capturingOutput(() => measureFiles({files: paths}));
    expect(printed).toEqual([]);
    expect(result).toHaveLength(corpus.length);
    result!.forEach((entry, index) => {
      expect(entry.file).toBe(paths[index]);
      expect('error' in entry && entry.error.startsWith(paths[index]!)).toBe(true);
      expect('error' in entry && entry.error.slice(paths[index]!.length)).toMatch(corpus[index]!.problem);
    });
  });

  it('the output capture sees decoder noise: mpg123-decoder alone prints errors on a WAV, and gives it a length', async () => {
    const wav = wavFile({seconds: 0.9, sampleRate: 44100});
    const {printed, result} = await capturingOutput(() => decodeWithMpg123Loudly(wav));
    expect(printed.some((line) => line.includes('MPG123_ERR'))).toBe(true);
    expect(result!.samplesDecoded).toBeGreaterThan(0); // false frame syncs in the PCM
  });

  it('mpg123-decoder alone gives a 2.000 s MP3 followed by 20 KB of random bytes another length', async () => {
    const garbage = corpus.find(({name}) => name === 'garbage-after.mp3')!;
    const decoded = await decodeWithMpg123(garbage.data);
    expect(decoded.samplesDecoded).toBeGreaterThan(88200);
  });
});

/** mpg123-decoder without its console.error silenced, as measureMp3 used to call it. */
const decodeWithMpg123Loudly = async (data: Uint8Array) => {
  const {MPEGDecoder} = await import('mpg123-decoder');
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    return decoder.decode(data);
  } finally {
    decoder.free();
  }
};
