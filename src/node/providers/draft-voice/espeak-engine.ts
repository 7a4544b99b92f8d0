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
};

export type EspeakEngine = {
  /**
   * Runs eSpeak NG's command line once on `text` (UTF-8) with `args` (voice, rate, pitch...) and
   * returns the WAV it wrote. `voice` is only for messages.
   */
  speak(input: {args: string[]; text: string; voice: string}): Uint8Array;
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

  const speak: EspeakEngine['speak'] = ({args, text, voice}) => {
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
