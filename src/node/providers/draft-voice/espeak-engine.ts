import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import {InvalidInputError, SpeechServiceError} from '../../../core/errors.ts';

/**
 * eSpeak seeds its random numbers (breath noise of the f2/f3 variants) from the clock. A fixed
 * clock makes the same request give the same bytes in every process: the clips are cached.
 */
const FIXED_DATE_NOW_MS = 0;

/** Paths inside the WASM module's in-memory file system. */
const INPUT_PATH = '/tmp/draft-voice-input.txt';
const OUTPUT_PATH = '/tmp/draft-voice-output.wav';

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
  /** Address of Emscripten's table of embedded files: {name, length, data} triples of u32, ended by a 0 name. */
  __emscripten_embedded_file_data: WebAssembly.Global;
};

/** A word eSpeak started to speak: where it is in the text and where its audio starts. */
export type EspeakWordEvent = {
  /** Index of the word's first character in the text, in code points (eSpeak counts characters, not UTF-16 units). */
  characterIndex: number;
  /** The word's length in code points, as eSpeak delimited it. */
  characterCount: number;
  /** Index of the WAV sample where eSpeak starts the word (it may fall in the pause before it). */
  sample: number;
};

export type EspeakSpeech = {
  /** The WAV eSpeak wrote (16-bit mono PCM, 22.05 kHz for eSpeak's own voices). */
  wav: Uint8Array;
  /**
   * eSpeak's word events, in text order: one per word it spoke (a number such as 1,500 gets one
   * per spoken word, all inside the number; a word eSpeak runs into the next, such as "the" after
   * "of", may get none). Null when the events could not be read (see `readEventList`).
   */
  wordEvents: EspeakWordEvent[] | null;
};

export type EspeakEngine = {
  /**
   * Runs eSpeak NG's command line once on `text` (UTF-8) with `args` (voice, rate, pitch...) and
   * returns the WAV it wrote and its word events. `voice` is only for messages.
   */
  speak(input: {args: string[]; text: string; voice: string}): EspeakSpeech;
};

let enginePromise: Promise<EspeakEngine> | null = null;

/**
 * eSpeak NG compiled to WASM (the `espeak-ng` package). One engine per process, shared by all
 * providers; a failed load is retried on the next call. Loading takes about 0.4 s; each call then
 * runs synchronously, so calls never interleave.
 */
export const loadEspeakEngine = (): Promise<EspeakEngine> => {
  enginePromise ??= createEngine().catch((error: unknown) => {
    enginePromise = null;
    throw error;
  });
  return enginePromise;
};

const createEngine = async (): Promise<EspeakEngine> => {
  const output: string[] = [];
  const instance: {exports?: EspeakExports} = {};
  let onWrite: (() => void) | null = null;
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
            // The command line writes each audio buffer with fwrite(), which ends here while
            // eSpeak's event list holds that buffer's events: the one moment they can be read.
            // Writes to stdout and stderr (descriptors 1 and 2) are messages, not audio.
            const wasi = {...imports.wasi_snapshot_preview1};
            const fdWrite = wasi.fd_write as (fd: number, ...rest: number[]) => number;
            wasi.fd_write = (fd: number, ...rest: number[]) => {
              if (fd > 2) onWrite?.();
              return fdWrite(fd, ...rest);
            };
            const binary = wasmBinary ?? new Uint8Array();
            wasmBinary = null;
            WebAssembly.instantiate(binary, {...imports, env, wasi_snapshot_preview1: wasi}).then((result) => {
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
  // makes every call behave like a fresh instance, which costs ~70 ms to make. The embedded data
  // files (18 MB of the 32: voices, dictionaries) are served by Emscripten's file system straight
  // from memory and never written, so they are skipped: ~15 MB copied, about 1 ms.
  const pristineMemory = new Uint8Array(wasm.memory.buffer).slice();
  const constant = embeddedFilesSpan(wasm);
  const restoreMemory = () => {
    const memory = new Uint8Array(wasm.memory.buffer);
    // Memory an earlier call grew is zero in a fresh instance.
    if (memory.length > pristineMemory.length) memory.fill(0, pristineMemory.length);
    if (constant) {
      memory.set(pristineMemory.subarray(0, constant.start), 0);
      memory.set(pristineMemory.subarray(constant.end), constant.end);
    } else {
      memory.set(pristineMemory);
    }
  };
  const events = createEventReader(wasm.memory);
  let broken = false;

  const speak: EspeakEngine['speak'] = ({args, text, voice}) => {
    if (broken) {
      throw new SpeechServiceError('The offline draft voice (eSpeak NG) stopped working after an earlier failure.', {
        status: null,
        transient: false,
      });
    }
    restoreMemory();
    output.length = 0;
    espeak.FS.writeFile(INPUT_PATH, text);
    const previousExitCode = process.exitCode;
    const stack = wasm.stackSave();
    const collected = events.start();
    onWrite = collected.read;
    let status: number;
    try {
      const argv = ['espeak-ng', ...args, '-b', '1' /* the input file is UTF-8 */, '-f', INPUT_PATH, '-w', OUTPUT_PATH];
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
      onWrite = null;
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
    return {wav, wordEvents: collected.wordEvents()};
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

/**
 * The memory span holding the embedded data files (eSpeak's voices and dictionaries, 18 MB of the
 * 32). Emscripten's file system serves those files straight from this span ("a slice of wasm
 * memory that will never change"), so restoring memory between calls can skip it. Null when the
 * table cannot be read: then everything is restored.
 */
const embeddedFilesSpan = (wasm: EspeakExports): {start: number; end: number} | null => {
  const words = new Uint32Array(wasm.memory.buffer);
  let pointer = Number(wasm.__emscripten_embedded_file_data?.value ?? 0);
  let start = Infinity;
  let end = 0;
  for (let guard = 0; guard < 100_000 && pointer > 0 && pointer + 12 <= words.byteLength && words[pointer >> 2] !== 0; guard++) {
    const length = words[(pointer + 4) >> 2]!;
    const data = words[(pointer + 8) >> 2]!;
    start = Math.min(start, data);
    end = Math.max(end, data + length);
    pointer += 12;
  }
  return end > start && end <= words.byteLength ? {start, end} : null;
};

// eSpeak's synthesis events (espeak_EVENT in speak_lib.h), read out of the WASM memory.
//
// The package exports only the command line's main(), whose callback ignores word events. But
// the library keeps the events of the buffer being synthesized in `event_list`, a static pointer
// (speech.c) to a malloc'ed array ended by an event of type 0, and the callback writes each
// buffer with fwrite() while that list is current. The pointer's address is not exported, so it
// is found once by a probe: during the first write of a synthesis the array starts with a
// SAMPLERATE event, and exactly one word of memory points at the array. Memory is restored
// before every call, so the address then holds for the life of the engine.
//
// This relies on eSpeak NG 1.52 as built in espeak-ng@1.0.2 (pinned): the struct layout, the
// static pointer, fwrite per buffer. Every read is validated; when the list cannot be found or
// read, `wordEvents` is null and callers do without.

/** espeak_EVENT_TYPE values. */
const EVENT_LIST_TERMINATED = 0;
const EVENT_WORD = 1;
const EVENT_SAMPLERATE = 8;
const MAX_EVENT_TYPE = 8;
/** eSpeak's output rate for its own voices: the number the SAMPLERATE event carries. */
const ESPEAK_SAMPLE_RATE = 22_050;
/**
 * sizeof(espeak_EVENT) in wasm32, in 4-byte words: type, unique_identifier, text_position (1-based,
 * in characters), length, audio_position (ms), sample, user_data, then the 8-byte `id` union
 * (word number, or the sample rate).
 */
const EVENT_SIZE_IN_WORDS = 9;
/** More events than one audio buffer can have: a list this long is not an event list. */
const MAX_EVENTS_PER_BUFFER = 1000;
/** Each probe scans the whole memory (~30 ms); an engine stops trying after this many writes. */
const MAX_PROBES = 8;

type RawEvent = {type: number; textPosition: number; length: number; sample: number};

/** Follows the event list of each synthesis; `start()` before a call, its `read` from fd_write. */
const createEventReader = (memory: WebAssembly.Memory) => {
  let listPointer: number | null = null;
  let probesLeft = MAX_PROBES;
  const start = () => {
    const wordEvents: EspeakWordEvent[] = [];
    const seen = new Set<string>();
    let unreadable = false;
    const read = () => {
      if (unreadable) return;
      if (listPointer === null && probesLeft > 0) {
        probesLeft--;
        listPointer = findEventListPointer(memory);
      }
      if (listPointer === null) return;
      const list = readEventList(memory, listPointer);
      if (list === null) {
        unreadable = true;
        return;
      }
      for (const event of list) {
        if (event.type !== EVENT_WORD) continue;
        // One buffer can reach fd_write twice, and the WAV header's rewrite at the end sees the
        // last list again: keep each event once.
        const key = `${event.textPosition}:${event.sample}`;
        if (seen.has(key)) continue;
        seen.add(key);
        wordEvents.push({characterIndex: event.textPosition - 1, characterCount: event.length, sample: event.sample});
      }
    };
    const result = (): EspeakWordEvent[] | null => {
      if (listPointer === null || unreadable) return null;
      const plausible = wordEvents.every((event) => event.characterIndex >= 0 && event.characterCount >= 0 && event.sample >= 0);
      return plausible ? wordEvents : null;
    };
    return {read, wordEvents: result};
  };
  return {start};
};

/** The address of the static `event_list` pointer, or null. Call from inside fd_write. */
const findEventListPointer = (memory: WebAssembly.Memory): number | null => {
  const words = new Uint32Array(memory.buffer);
  for (let i = 0; i + 2 * EVENT_SIZE_IN_WORDS < words.length; i++) {
    if (words[i] !== EVENT_SAMPLERATE || words[i + 7] !== ESPEAK_SAMPLE_RATE) continue;
    if (words[i + EVENT_SIZE_IN_WORDS]! > MAX_EVENT_TYPE) continue;
    const arrayAddress = i * 4;
    let found = -1;
    let count = 0;
    for (let j = 0; j < words.length && count < 2; j++) {
      if (words[j] === arrayAddress) {
        found = j * 4;
        count++;
      }
    }
    if (count === 1) return found;
  }
  return null;
};

/**
 * The events of the buffer being written: [] while the list is not allocated, null when memory
 * does not hold a plausible list there (an unknown type, no terminator).
 */
const readEventList = (memory: WebAssembly.Memory, pointerAddress: number): RawEvent[] | null => {
  const words = new Uint32Array(memory.buffer);
  const ints = new Int32Array(memory.buffer);
  const address = words[pointerAddress >> 2]!;
  if (address === 0) return [];
  if (address % 4 !== 0 || address >= memory.buffer.byteLength) return null;
  const events: RawEvent[] = [];
  for (let k = 0; k < MAX_EVENTS_PER_BUFFER; k++) {
    const base = (address >> 2) + k * EVENT_SIZE_IN_WORDS;
    if (base + EVENT_SIZE_IN_WORDS > words.length) return null;
    const type = words[base]!;
    if (type === EVENT_LIST_TERMINATED) return events;
    if (type > MAX_EVENT_TYPE) return null;
    events.push({type, textPosition: ints[base + 2]!, length: ints[base + 3]!, sample: ints[base + 5]!});
  }
  return null;
};
