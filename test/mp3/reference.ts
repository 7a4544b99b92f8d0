// Independent references for the MP3 tests: a full decode with mpg123-decoder (not through the
// product's decodeMp3), and Remotion's own ffprobe/ffmpeg 7.1 (what a render uses).
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {MPEGDecoder} from 'mpg123-decoder';
import {REPO_ROOT} from '../helpers/temp-project.ts';

const run = promisify(execFile);
const COMPOSITOR_DIR = path.join(REPO_ROOT, 'node_modules/@remotion/compositor-linux-x64-gnu');
const compositorEnv = {...process.env, LD_LIBRARY_PATH: COMPOSITOR_DIR};

/** The whole file decoded by mpg123-decoder, as measureMp3 used to do it (its stderr noise dropped). */
export const decodeWithMpg123 = async (data: Uint8Array, {gapless = true}: {gapless?: boolean} = {}) => {
  const decoder = new MPEGDecoder({enableGapless: gapless});
  await decoder.ready;
  const error = console.error;
  console.error = () => undefined;
  try {
    const decoded = decoder.decode(data);
    return {channelData: decoded.channelData, samplesDecoded: decoded.samplesDecoded, sampleRate: decoded.sampleRate};
  } finally {
    console.error = error;
    decoder.free();
  }
};

/** A folder for files the tests hand to ffmpeg and the CLI; `remove` deletes it. */
export const tempFolder = async () => {
  const folder = await mkdtemp(path.join(tmpdir(), 'narration-mp3-'));
  let count = 0;
  return {
    folder,
    /** Writes `data` to a new file in the folder and returns its path. */
    write: async (name: string, data: Uint8Array) => {
      const file = path.join(folder, `${count++}-${name}`);
      await writeFile(file, data);
      return file;
    },
    remove: () => rm(folder, {recursive: true, force: true}),
  };
};

/** ffprobe's `format=duration` of a file, in seconds (what a Remotion render plays up to). */
export const ffprobeDuration = async (file: string): Promise<number> => {
  const {stdout} = await run(path.join(COMPOSITOR_DIR, 'ffprobe'), ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], {env: compositorEnv});
  return Number(stdout.trim());
};

/** A file as ffmpeg decodes it (gapless, as Chrome does): 16-bit samples, channels interleaved. */
export const decodeWithFfmpeg = async (file: string): Promise<Int16Array> => {
  const wav = `${file}.wav`;
  await run(path.join(COMPOSITOR_DIR, 'ffmpeg'), ['-v', 'error', '-y', '-i', file, '-map', '0:a', '-c:a', 'pcm_s16le', '-f', 'wav', wav], {env: compositorEnv});
  const bytes = await readFile(wav);
  // Skip the chunks before "data" (ffmpeg writes a LIST chunk).
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32LE(at + 4);
    if (bytes.toString('latin1', at, at + 4) === 'data') {
      const data = bytes.subarray(at + 8, at + 8 + size);
      return new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`ffmpeg wrote no data chunk for ${file}`);
};

/**
 * Runs `work` with everything a library could print captured: process.stdout/stderr writes and
 * the console methods. Returns what was printed and how `work` ended.
 */
export const capturingOutput = async <T>(work: () => Promise<T> | T): Promise<{printed: string[]; result?: T; error?: unknown}> => {
  const printed: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const writes = streams.map((stream) => stream.write);
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const consoleMethods = methods.map((method) => console[method]);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    }) as typeof stream.write;
  }
  for (const method of methods) console[method] = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
  try {
    return {printed, result: await work()};
  } catch (error) {
    return {printed, error};
  } finally {
    streams.forEach((stream, index) => (stream.write = writes[index]!));
    methods.forEach((method, index) => (console[method] = consoleMethods[index]!));
  }
};
