import {spawn} from 'node:child_process';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {InvalidAudioError} from '../../src/core/errors.ts';
import {createMp3DecoderThread} from '../../src/node/mp3/create-mp3-decoder-thread.ts';
import {decodeMp3} from '../../src/node/mp3/decode-mp3.ts';
import {readMp3Frames} from '../../src/node/mp3/read-mp3-frames.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';
import {fixture, validCorpus, wavFile} from './corpus.ts';
import {capturingOutput, decodeWithMpg123, tempFolder} from './reference.ts';

let temp: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  temp = await tempFolder();
});
afterAll(() => temp.remove());

/** A WAV passed off as the stream of a valid file's frames: mpg123 reports errors on it. */
const undecodable = () => {
  const frames = readMp3Frames({data: fixture('cbr-44100-mono.mp3'), name: 'cbr-44100-mono.mp3'});
  const data = wavFile({seconds: 0.9, sampleRate: 44100});
  return {data, frames: {...frames, streamStart: 0, streamEnd: data.length}};
};

describe('decodeMp3', () => {
  it('decodes many files at once, each to the samples mpg123-decoder gives it alone', async () => {
    const files = [...validCorpus(), ...validCorpus()];
    const decoded = await Promise.all(files.map(({name, data}) => decodeMp3({data, frames: readMp3Frames({data, name}), name})));
    for (const [index, {name, data}] of files.entries()) {
      const frames = readMp3Frames({data, name});
      const reference = await decodeWithMpg123(data.subarray(frames.streamStart, frames.streamEnd));
      expect({name, samples: decoded[index]!.samplesDecoded, rate: decoded[index]!.sampleRate}).toEqual({
        name,
        samples: reference.samplesDecoded,
        rate: reference.sampleRate,
      });
      // Compared as bytes: a deep equality of 10^5 floats per channel takes seconds.
      const bytes = (channels: Float32Array[]) => channels.map((channel) => Buffer.from(channel.buffer, channel.byteOffset, channel.byteLength));
      expect(bytes(decoded[index]!.channelData).map((channel, c) => channel.equals(bytes(reference.channelData)[c]!))).toEqual([true, true]);
    }
  });

  it('makes no WebAssembly instance on the calling thread (one there makes the draft voice encode at twice the CPU)', async () => {
    const data = fixture('vbr-xing-44100-stereo.mp3');
    const frames = readMp3Frames({data, name: 'vbr-xing-44100-stereo.mp3'});
    const instantiate = WebAssembly.instantiate;
    const instantiated: unknown[] = [];
    WebAssembly.instantiate = ((...args: Parameters<typeof instantiate>) => {
      instantiated.push(args[0]);
      return instantiate(...args);
    }) as typeof instantiate;
    try {
      const decoded = await decodeMp3({data, frames, name: 'vbr-xing-44100-stereo.mp3'});
      expect(decoded.samplesDecoded).toBeGreaterThan(0);
    } finally {
      WebAssembly.instantiate = instantiate;
    }
    expect(instantiated).toEqual([]);
  });

  it('refuses frames that do not decode with an InvalidAudioError naming the file, and prints nothing', async () => {
    const {data, frames} = undecodable();
    const {printed, error} = await capturingOutput(() => decodeMp3({data, frames, name: 'public/narration/ab12.mp3'}));
    expect(error).toBeInstanceOf(InvalidAudioError);
    expect((error as Error).message).toMatch(/^public\/narration\/ab12\.mp3 has frames that do not decode \(.*MPG123_ERR.*\)\.$/);
    // The decoder thread's console output would reach this process's stdout a moment later.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printed).toEqual([]);
  });

  it('leaves a process free to exit by itself once its decodes are answered', async () => {
    const wav = await temp.write('not-mp3.wav', wavFile({seconds: 0.9, sampleRate: 44100}));
    const script = `
      const {readFileSync} = await import('node:fs');
      const {decodeMp3} = await import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'src/node/mp3/decode-mp3.ts')).href)});
      const {readMp3Frames} = await import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'src/node/mp3/read-mp3-frames.ts')).href)});
      const data = new Uint8Array(readFileSync(${JSON.stringify(path.join(REPO_ROOT, 'test/fixtures/cbr-44100-mono.mp3'))}));
      const frames = readMp3Frames({data, name: 'good.mp3'});
      const wav = new Uint8Array(readFileSync(${JSON.stringify(wav)}));
      console.log('first', (await decodeMp3({data, frames, name: 'first.mp3'})).samplesDecoded);
      // Later, with the thread idle, and not awaited: only the pending decodes may keep the
      // process alive until they are answered.
      setTimeout(() => {
        decodeMp3({data, frames, name: 'good.mp3'}).then((decoded) => console.log('decoded', decoded.samplesDecoded));
        decodeMp3({data: wav, frames: {...frames, streamStart: 0, streamEnd: wav.length}, name: 'bad.mp3'})
          .catch((error) => console.log('refused', error.message.split(' (')[0]));
      }, 100);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe']});
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const stuck = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 45_000).unref());
    const outcome = await Promise.race([exited, stuck]);
    if (outcome === 'stuck') child.kill('SIGKILL');
    expect({outcome, output: output.trim().split('\n').sort()}).toEqual({outcome: 0, output: ['decoded 88200', 'first 88200', 'refused bad.mp3 has frames that do not decode']});
  });
});

describe('the decoder thread', () => {
  it('rejects the decodes it holds when it dies, and the next decode starts a new thread', async () => {
    // A stand-in for mpg123-decoder whose thread dies on a stream starting with 0xEE.
    const fakeDecoder = await temp.write(
      'fake-decoder.mjs',
      new TextEncoder().encode(`
        export class MPEGDecoder {
          ready = Promise.resolve();
          decode(stream) {
            if (stream[0] === 0xee) process.exit(7);
            return {channelData: [Float32Array.of(stream[0]), Float32Array.of(stream[0])], samplesDecoded: 1, sampleRate: 8000, errors: []};
          }
          free() {}
        }
      `),
    );
    const thread = createMp3DecoderThread({decoderUrl: pathToFileURL(fakeDecoder).href});
    const decode = (firstByte: number) => thread.decode({stream: Uint8Array.of(firstByte, 0, 0), gapless: true});
    const outcomes = await Promise.allSettled([decode(1), decode(0xee), decode(2)]);
    expect(outcomes[0]).toMatchObject({status: 'fulfilled', value: {samplesDecoded: 1, channelData: [Float32Array.of(1), Float32Array.of(1)]}});
    for (const outcome of outcomes.slice(1)) {
      expect(outcome.status).toBe('rejected');
      expect(((outcome as PromiseRejectedResult).reason as Error).message).toBe(
        'The MP3 decoder thread stopped (it exited, exit code 7) before it answered; the next decode starts a new one.',
      );
    }
    await expect(decode(3)).resolves.toMatchObject({channelData: [Float32Array.of(3), Float32Array.of(3)]});
  });

  it('answers a failure to load the decoder as an error of each decode, and stays usable', async () => {
    const missing = pathToFileURL(path.join(temp.folder, 'no-such-decoder.mjs')).href;
    const thread = createMp3DecoderThread({decoderUrl: missing});
    const error = await thread.decode({stream: Uint8Array.of(1), gapless: true}).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^The MP3 decoder failed: Cannot find module .*no-such-decoder\.mjs/);
    await expect(thread.decode({stream: Uint8Array.of(2), gapless: true})).rejects.toThrow(/^The MP3 decoder failed: Cannot find module/);
  });
});
