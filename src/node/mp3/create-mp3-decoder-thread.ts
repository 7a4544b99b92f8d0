import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
import {Worker} from 'node:worker_threads';

/** What the decoder thread answers for one stream. */
export type DecoderThreadReply =
  | {channelData: Float32Array[]; samplesDecoded: number; sampleRate: number; decoderError?: undefined}
  /** mpg123 reported an error: the first one's message. */
  | {decoderError: string};

type Request = {id: number; stream: Uint8Array; gapless: boolean};
type Answer = {id: number} & ({reply: DecoderThreadReply} | {failure: string});
type Pending = {resolve: (reply: DecoderThreadReply) => void; reject: (error: Error) => void};

/**
 * The thread's program, plain JavaScript (the library runs from .ts sources and from dist/, so
 * the thread cannot load a file of ours). It decodes one stream at a time, in arrival order, each
 * with a decoder of its own: a stream cannot see another's state, and only one decoder's memory
 * is held at once. Console output is dropped: mpg123 and its WASM runtime print their errors,
 * which are answered instead.
 */
const THREAD_SOURCE = `
const {parentPort, workerData} = require('node:worker_threads');
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace']) console[method] = () => undefined;
const loaded = import(workerData.decoderUrl);
// A failed import is answered to each decode, not left to end the thread as an unhandled rejection.
loaded.catch(() => undefined);
const decode = async ({id, stream, gapless}) => {
  let decoder = null;
  try {
    const {MPEGDecoder} = await loaded;
    decoder = new MPEGDecoder({enableGapless: gapless});
    await decoder.ready;
    const {channelData, samplesDecoded, sampleRate, errors} = decoder.decode(stream);
    if (errors.length > 0) {
      parentPort.postMessage({id, reply: {decoderError: errors[0].message}});
      return;
    }
    const buffers = [...new Set(channelData.map((channel) => channel.buffer))];
    parentPort.postMessage({id, reply: {channelData, samplesDecoded, sampleRate}}, buffers);
  } catch (error) {
    parentPort.postMessage({id, failure: error instanceof Error ? error.message : String(error)});
  } finally {
    decoder?.free();
  }
};
let queue = Promise.resolve();
parentPort.on('message', (request) => {
  queue = queue.then(() => decode(request));
});
`;

export type Mp3DecoderThread = {
  /**
   * Decodes an MPEG stream (frames only, no tags). `stream`'s buffer is transferred (the caller
   * must not use it again); the samples come back transferred too.
   *
   * @throws Error when the thread stops or fails while decoding: every pending decode is
   *   rejected, and the next call starts a new thread.
   */
  decode(input: {stream: Uint8Array<ArrayBuffer>; gapless: boolean}): Promise<DecoderThreadReply>;
};

/**
 * A thread that decodes MP3 streams with mpg123-decoder, started on the first decode and kept
 * until it stops (then the next decode starts another).
 *
 * Why a thread: instantiating a WASM decoder (its new `WebAssembly.Memory`) on the main thread
 * makes V8 throw away optimized code there, so the next MP3 encoding (lamejs, plain JavaScript)
 * of the draft voice is compiled again: twice the CPU per clip. Decoders made in another isolate
 * leave the main thread's code alone.
 *
 * The thread holds the process open only while a decode is pending (like a file being read): an
 * idle thread never keeps a process alive.
 *
 * - `decoderUrl`: the module the thread imports `MPEGDecoder` from; default mpg123-decoder's entry.
 */
export const createMp3DecoderThread = ({decoderUrl}: {decoderUrl?: string} = {}): Mp3DecoderThread => {
  let running: {worker: Worker; pending: Map<number, Pending>} | null = null;
  let nextId = 0;

  const start = () => {
    // execArgv: []: the parent's loaders (tsx under vitest) are not needed by plain JavaScript.
    const worker = new Worker(THREAD_SOURCE, {eval: true, workerData: {decoderUrl: decoderUrl ?? mpg123DecoderUrl()}, execArgv: [], name: 'mp3 decoder'});
    worker.unref();
    const pending = new Map<number, Pending>();
    const own = {worker, pending};
    let stopReason = 'it exited';

    const settle = (id: number): Pending | undefined => {
      const waiting = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) worker.unref();
      return waiting;
    };

    worker.on('message', (answer: Answer) => {
      const waiting = settle(answer.id);
      if ('reply' in answer) waiting?.resolve(answer.reply);
      else waiting?.reject(new Error(`The MP3 decoder failed: ${answer.failure}`));
    });
    worker.on('error', (error) => {
      stopReason = `it failed: ${error.message}`;
    });
    worker.on('exit', (exitCode) => {
      if (running === own) running = null;
      for (const id of [...pending.keys()]) {
        settle(id)?.reject(
          new Error(`The MP3 decoder thread stopped (${stopReason}, exit code ${exitCode}) before it answered; the next decode starts a new one.`),
        );
      }
    });
    return own;
  };

  return {
    decode: ({stream, gapless}) => {
      const {worker, pending} = (running ??= start());
      const id = nextId++;
      return new Promise<DecoderThreadReply>((resolve, reject) => {
        const request: Request = {id, stream, gapless};
        if (pending.size === 0) worker.ref();
        pending.set(id, {resolve, reject});
        try {
          worker.postMessage(request, [stream.buffer]);
        } catch (error) {
          // Not sent (a buffer that cannot be transferred): nothing will answer it.
          pending.delete(id);
          if (pending.size === 0) worker.unref();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    },
  };
};

/** mpg123-decoder's entry as a file URL (its "exports" map has a "default" condition, which require.resolve accepts). */
const mpg123DecoderUrl = (): string => pathToFileURL(createRequire(import.meta.url).resolve('mpg123-decoder')).href;

/** The process's decoder thread, which `decodeMp3` uses. */
export const processDecoderThread: Mp3DecoderThread = createMp3DecoderThread();
