import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import {Mp3Encoder} from '@breezystack/lamejs';
import {InvalidInputError, SpeechServiceError} from '../../../core/errors.ts';
import type {SpeechProvider, SpeechRequest, SpeechResult} from '../speech-provider.ts';

/** Words per minute at `speed: 1`: eSpeak NG's own default rate. */
const BASE_RATE_IN_WORDS_PER_MINUTE = 175;

/** 64 kbps CBR: plenty for 22.05 kHz mono speech, and one of MPEG-2 Layer III's rates. */
const MP3_BIT_RATE_IN_KBPS = 64;

/** eSpeak's pitch (`-p`, 0 to 99, default 50) is picked from this range per speaker. */
const MIN_PITCH = 35;
const MAX_PITCH = 65;

/**
 * Voice variants (`espeak-ng-data/voices/!v/`) a speaker is mapped to. Left out: m5 (its own
 * intonation), m8 (tone filter) and f5 (mostly breath): too far from a plain narrator.
 */
const VARIANTS = ['m1', 'm2', 'm3', 'm4', 'm6', 'm7', 'f1', 'f2', 'f3', 'f4'] as const;

/**
 * eSpeak seeds its random numbers (breath noise of the f2/f3 variants) from the clock. A fixed
 * clock makes the same request give the same bytes in every process: the clips are cached.
 */
const FIXED_DATE_NOW_MS = 0;

/** Paths inside the WASM module's in-memory file system. */
const INPUT_PATH = '/tmp/draft-voice-input.txt';
const OUTPUT_PATH = '/tmp/draft-voice-output.wav';

/**
 * An offline draft voice: speaks with eSpeak NG (compiled to WASM, no network, no API token)
 * and encodes the result as 22.05 kHz mono MP3 at 64 kbps CBR. Robotic, but with real timing, so
 * a composition can be laid out and reviewed before paying for Kling.
 *
 * - `voice`: an eSpeak NG voice, default `'en-us'`. Without a `+variant` each `speakerId` gets a
 *   variant (`en-us+m3`, `en-us+f2`, ...) picked from a hash of the id; with one (`'en-us+f1'`)
 *   only the pitch varies.
 * - `speakerId` (a Kling speaker eSpeak cannot honour) selects that variant and a pitch of 35 to
 *   65, so different speakers sound different and the same speaker always sounds the same.
 * - `speed` sets the rate: `round(175 * speed)` words per minute.
 * - `emotion` is ignored: eSpeak has no emotions.
 *
 * The same request always gives the same bytes. The WASM module (18 MB, mostly voice data) is
 * loaded on the first call (about 0.4 s) and kept for the life of the process, shared by all
 * providers; a sentence then takes about 0.1 s of synchronous work, most of it MP3 encoding.
 * Nothing is printed.
 *
 * The MP3 has no LAME/Xing header (lamejs writes none), so decoders do not trim the encoder
 * delay: decoded audio starts 1105 samples (50 ms) later than eSpeak's WAV, and ends up to one
 * frame later.
 *
 * `synthesize` throws `InvalidInputError` for an unknown voice or an unusable speed,
 * `SpeechServiceError` (transient: false) when eSpeak NG fails, and the signal's reason when
 * aborted.
 */
export const createDraftVoiceProvider = (options: {voice?: string} = {}): SpeechProvider => {
  const voice = options.voice ?? 'en-us';
  if (!/^[A-Za-z0-9_-]+(\+[A-Za-z0-9_-]+)?$/.test(voice)) {
    throw new InvalidInputError(
      `The draft voice must be an eSpeak NG voice such as "en-us" or "en-us+f2", but got ${JSON.stringify(voice)}.`,
    );
  }

  const synthesize = async (
    request: SpeechRequest,
    {signal}: {signal?: AbortSignal} = {},
  ): Promise<SpeechResult> => {
    signal?.throwIfAborted();
    if (!Number.isFinite(request.speed) || request.speed <= 0) {
      throw new InvalidInputError(`The speech speed must be a positive number, but got ${request.speed}.`);
    }
    const {variant, pitch} = pickVoiceVariation(request.speakerId);
    const args = [
      '-v',
      voice.includes('+') ? voice : `${voice}+${variant}`,
      '-s',
      String(Math.round(BASE_RATE_IN_WORDS_PER_MINUTE * request.speed)),
      '-p',
      String(pitch),
      '-b',
      '1', // the input file is UTF-8
      '-f',
      INPUT_PATH,
      '-w',
      OUTPUT_PATH,
    ];
    const engine = await loadEngine();
    signal?.throwIfAborted();
    // Synchronous from here on: calls cannot interleave, so one instance serves all of them.
    const wav = engine.speak({args, text: request.text, voice});
    signal?.throwIfAborted();
    return {mp3: encodeMp3(parseWav(wav))};
  };

  return {id: 'espeak-ng', description: `offline draft voice (eSpeak NG, ${voice})`, synthesize};
};

/** The variant and pitch a Kling speaker id is mapped to; stable across runs and machines. */
const pickVoiceVariation = (speakerId: string): {variant: string; pitch: number} => {
  const digest = createHash('sha256').update(speakerId).digest();
  return {
    variant: VARIANTS[digest.readUInt32BE(0) % VARIANTS.length] ?? 'm3',
    pitch: MIN_PITCH + (digest.readUInt32BE(4) % (MAX_PITCH - MIN_PITCH + 1)),
  };
};

/** The parts of the Emscripten module (espeak-ng ships no type declarations) used here. */
type EspeakModule = {
  FS: {
    writeFile(path: string, data: string): void;
    readFile(path: string): Uint8Array;
    analyzePath(path: string): {exists: boolean};
    unlink(path: string): void;
  };
};

type EspeakModuleOptions = {
  arguments: string[];
  noInitialRun: boolean;
  print: (line: string) => void;
  printErr: (line: string) => void;
  instantiateWasm: (
    imports: WebAssembly.Imports,
    receiveInstance: (instance: WebAssembly.Instance) => void,
  ) => object;
};

type EspeakExports = {
  memory: WebAssembly.Memory;
  __main_argc_argv: (argc: number, argv: number) => number;
  stackSave: () => number;
  stackRestore: (pointer: number) => void;
  stackAlloc: (size: number) => number;
};

type Engine = {
  /** Runs eSpeak NG's command line once and returns the WAV it wrote. */
  speak(input: {args: string[]; text: string; voice: string}): Uint8Array;
};

let enginePromise: Promise<Engine> | null = null;

/** One engine per process, shared by all providers; a failed load is retried on the next call. */
const loadEngine = (): Promise<Engine> => {
  enginePromise ??= createEngine().catch((error: unknown) => {
    enginePromise = null;
    throw error;
  });
  return enginePromise;
};

const createEngine = async (): Promise<Engine> => {
  const output: string[] = [];
  const instance: {exports?: EspeakExports} = {};
  let espeak: EspeakModule;
  try {
    // espeak-ng has a "main" field and no "exports" map, so require.resolve finds its entry.
    const entry = createRequire(import.meta.url).resolve('espeak-ng');
    // Dropped once instantiated: the module object keeps this closure, and the file is 18 MB.
    let wasmBinary: Uint8Array<ArrayBuffer> | null = await readFile(path.join(path.dirname(entry), 'espeak-ng.wasm'));
    // A string-typed specifier: the package has no types, its shape is declared above.
    const specifier: string = 'espeak-ng';
    const {default: createModule} = (await import(specifier)) as {
      default: (options: EspeakModuleOptions) => Promise<EspeakModule>;
    };
    let rejectInstantiation: (error: unknown) => void = () => {};
    const instantiationFailed = new Promise<never>((_, reject) => {
      rejectInstantiation = reject;
    });
    const previousExitCode = process.exitCode;
    try {
      espeak = await Promise.race([
        createModule({
          // Without `arguments` Emscripten would pass on process.argv; main is run by `speak`.
          arguments: [],
          noInitialRun: true,
          print: (line) => output.push(line),
          printErr: (line) => output.push(line),
          // Instantiating here gives access to the raw exports (memory, stack, main), which the
          // module does not re-export.
          instantiateWasm: (imports, receiveInstance) => {
            const env = {...imports.env, emscripten_date_now: () => FIXED_DATE_NOW_MS};
            const binary = wasmBinary ?? new Uint8Array();
            wasmBinary = null;
            WebAssembly.instantiate(binary, {...imports, env}).then((result) => {
              instance.exports = result.instance.exports as unknown as EspeakExports;
              receiveInstance(result.instance);
            }, rejectInstantiation);
            return {};
          },
        }),
        instantiationFailed,
      ]);
    } finally {
      process.exitCode = previousExitCode;
    }
  } catch (error) {
    throw new SpeechServiceError(
      `The offline draft voice (eSpeak NG) could not be loaded: ${error instanceof Error ? error.message : String(error)}. Check that the "espeak-ng" package is installed.`,
      {status: null, transient: false, cause: error},
    );
  }
  if (!instance.exports) {
    throw new SpeechServiceError('The offline draft voice (eSpeak NG) loaded without its WebAssembly exports.', {
      status: null,
      transient: false,
    });
  }
  const wasm = instance.exports;

  // eSpeak's main() keeps state in C globals (getopt's position, the loaded voice, ...), so a
  // second call would not start clean. Restoring the memory as it was before the first call
  // (32 MB, a few ms) makes every call behave like a fresh instance, which costs ~70 ms to make.
  const pristineMemory = new Uint8Array(wasm.memory.buffer).slice();
  let broken = false;

  const speak: Engine['speak'] = ({args, text, voice}) => {
    if (broken) {
      throw new SpeechServiceError('The offline draft voice (eSpeak NG) stopped working after an earlier failure.', {
        status: null,
        transient: false,
      });
    }
    new Uint8Array(wasm.memory.buffer).set(pristineMemory);
    output.length = 0;
    espeak.FS.writeFile(INPUT_PATH, text);
    const previousExitCode = process.exitCode;
    const stack = wasm.stackSave();
    let status: number;
    try {
      const argv = ['espeak-ng', ...args];
      const argvPointer = wasm.stackAlloc((argv.length + 1) * 4);
      const pointers = argv.map((argument) => writeCString(wasm, argument));
      const table = new Uint32Array(wasm.memory.buffer, argvPointer, argv.length + 1);
      table.set([...pointers, 0]);
      status = wasm.__main_argc_argv(argv.length, argvPointer);
    } catch (error) {
      if (!isExitStatus(error)) {
        // A trap (out of memory, a bug in eSpeak): the JS side of the module may be inconsistent.
        broken = true;
        enginePromise = null;
        throw new SpeechServiceError(`eSpeak NG crashed: ${error instanceof Error ? error.message : String(error)}.`, {
          status: null,
          transient: false,
          cause: error,
        });
      }
      status = error.status;
    } finally {
      wasm.stackRestore(stack);
      // Emscripten's exit() sets process.exitCode; this process's exit code is not eSpeak's.
      process.exitCode = previousExitCode;
      espeak.FS.unlink(INPUT_PATH);
    }

    const wrote = espeak.FS.analyzePath(OUTPUT_PATH).exists;
    const wav = wrote ? espeak.FS.readFile(OUTPUT_PATH) : null;
    if (wrote) {
      espeak.FS.unlink(OUTPUT_PATH);
    }
    const messages = output.filter((line) => !line.startsWith('program exited'));
    if (messages.some((line) => line.includes('voice does not exist'))) {
      throw new InvalidInputError(
        `The draft voice ${JSON.stringify(voice)} is not an eSpeak NG voice. Use a voice such as "en-us", "en" or "en-gb".`,
      );
    }
    if (status !== 0 || !wav) {
      throw new SpeechServiceError(
        `eSpeak NG failed (exit status ${status}${wav ? '' : ', no audio written'})${messages.length > 0 ? `: ${messages.join(' ')}` : '.'}`,
        {status: null, transient: false},
      );
    }
    return wav;
  };

  return {speak};
};

/** Copies a string onto the WASM stack as NUL-terminated UTF-8 and returns its address. */
const writeCString = (wasm: EspeakExports, value: string): number => {
  const bytes = new TextEncoder().encode(value);
  const pointer = wasm.stackAlloc(bytes.length + 1);
  const memory = new Uint8Array(wasm.memory.buffer, pointer, bytes.length + 1);
  memory.set(bytes);
  memory[bytes.length] = 0;
  return pointer;
};

/** Emscripten's `ExitStatus`, thrown by exit() to unwind out of main. */
const isExitStatus = (error: unknown): error is {status: number} =>
  typeof error === 'object' &&
  error !== null &&
  (error as {name?: unknown}).name === 'ExitStatus' &&
  typeof (error as {status?: unknown}).status === 'number';

type Pcm = {channels: Int16Array[]; sampleRate: number};

/**
 * Reads 16-bit PCM from a WAV file by walking its chunks (eSpeak's header is 44 bytes today,
 * but nothing promises that).
 */
const parseWav = (wav: Uint8Array): Pcm => {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const fourCc = (offset: number) => String.fromCharCode(...wav.subarray(offset, offset + 4));
  const fail = (problem: string) =>
    new SpeechServiceError(`eSpeak NG wrote a WAV file that cannot be read: ${problem}.`, {
      status: null,
      transient: false,
    });
  if (wav.byteLength < 12 || fourCc(0) !== 'RIFF' || fourCc(8) !== 'WAVE') {
    throw fail('no RIFF/WAVE header');
  }
  let format: {channelCount: number; sampleRate: number; bitsPerSample: number; audioFormat: number} | null = null;
  let data: Uint8Array | null = null;
  let offset = 12;
  while (offset + 8 <= wav.byteLength) {
    const id = fourCc(offset);
    const declaredSize = view.getUint32(offset + 4, true);
    const start = offset + 8;
    const remaining = wav.byteLength - start;
    let size = Math.min(declaredSize, remaining);
    if (id === 'fmt ' && size >= 16) {
      format = {
        audioFormat: view.getUint16(start, true),
        channelCount: view.getUint16(start + 2, true),
        sampleRate: view.getUint32(start + 4, true),
        bitsPerSample: view.getUint16(start + 14, true),
      };
    } else if (id === 'data') {
      // A writer that never went back to fill in the size leaves 0 or 0xFFFFFFFF: take the rest.
      if (declaredSize === 0) {
        size = remaining;
      }
      data = wav.subarray(start, start + size);
    }
    offset = start + size + (size % 2); // chunks are padded to an even length
  }
  if (!format) {
    throw fail('no "fmt " chunk');
  }
  if (!data) {
    throw fail('no "data" chunk');
  }
  const {audioFormat, channelCount, sampleRate, bitsPerSample} = format;
  if (audioFormat !== 1 || bitsPerSample !== 16 || channelCount < 1 || channelCount > 2 || !(sampleRate > 0)) {
    throw fail(
      `expected 16-bit PCM, mono or stereo, got format ${audioFormat}, ${bitsPerSample} bits, ${channelCount} channels at ${sampleRate} Hz`,
    );
  }
  const frameCount = Math.floor(data.byteLength / (2 * channelCount));
  if (frameCount === 0) {
    throw new SpeechServiceError('eSpeak NG produced no audio for this text (is it only punctuation?).', {
      status: null,
      transient: false,
    });
  }
  const dataView = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const channels = Array.from({length: channelCount}, () => new Int16Array(frameCount));
  for (let frame = 0; frame < frameCount; frame++) {
    for (let channel = 0; channel < channelCount; channel++) {
      channels[channel]![frame] = dataView.getInt16((frame * channelCount + channel) * 2, true);
    }
  }
  return {channels, sampleRate};
};

/** Samples handed to lamejs at a time: a multiple of the 1152-sample MP3 frame. */
const ENCODE_BLOCK_IN_SAMPLES = 1152 * 16;

/** Encodes PCM as CBR MP3. lamejs writes no LAME/Xing header, so decoders keep its delay. */
const encodeMp3 = ({channels, sampleRate}: Pcm): Uint8Array => {
  const [left, right] = channels;
  if (!left) {
    throw new SpeechServiceError('eSpeak NG produced no audio channels.', {status: null, transient: false});
  }
  const encoder = new Mp3Encoder(channels.length, sampleRate, MP3_BIT_RATE_IN_KBPS);
  const parts: Uint8Array[] = [];
  const keep = (part: ArrayBufferView) => {
    if (part.byteLength > 0) {
      // lamejs returns Int8Array despite its types; copy as bytes.
      parts.push(new Uint8Array(part.buffer, part.byteOffset, part.byteLength).slice());
    }
  };
  for (let start = 0; start < left.length; start += ENCODE_BLOCK_IN_SAMPLES) {
    const end = start + ENCODE_BLOCK_IN_SAMPLES;
    keep(encoder.encodeBuffer(left.subarray(start, end), right?.subarray(start, end)));
  }
  keep(encoder.flush());
  const mp3 = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let position = 0;
  for (const part of parts) {
    mp3.set(part, position);
    position += part.byteLength;
  }
  return mp3;
};
