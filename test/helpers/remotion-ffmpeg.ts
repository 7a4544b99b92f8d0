import {spawn} from 'node:child_process';
import path from 'node:path';

type Binary = 'ffmpeg' | 'ffprobe';
const executables = new Map<Binary, Promise<string>>();

/** Path of ffmpeg or ffprobe inside @remotion/compositor-<platform>, as Remotion finds it. */
const remotionBinaryPath = (type: Binary): Promise<string> => {
  let executable = executables.get(type);
  if (!executable) {
    executable = import('@remotion/renderer').then(({RenderInternals}) =>
      RenderInternals.getExecutablePath({type, indent: false, logLevel: 'error', binariesDirectory: null}),
    );
    executables.set(type, executable);
  }
  return executable;
};

/**
 * Runs the ffmpeg (or ffprobe) that Remotion ships, version 7.1 with libmp3lame, as
 * `npx remotion ffmpeg` does but without starting the Remotion CLI for every call (~1.5 s
 * each), with `input` on its stdin. Resolves to its stdout.
 * @throws Error with its stderr when it exits with an error.
 */
export const runRemotionFfmpeg = async ({args, input, binary = 'ffmpeg'}: {args: string[]; input?: Uint8Array; binary?: Binary}): Promise<Buffer> => {
  const executable = await remotionBinaryPath(binary);
  const folder = path.dirname(executable);
  return new Promise((resolve, reject) => {
    // Run from its folder, as Remotion does: its shared libraries sit beside it.
    const child = spawn(executable, ['-hide_banner', '-v', 'error', ...args], {
      cwd: folder,
      env: process.platform === 'darwin' ? {...process.env, DYLD_LIBRARY_PATH: folder} : process.env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(stdout));
      else reject(new Error(`Remotion's ${binary} exited with ${code} (${binary} ${args.join(' ')}): ${Buffer.concat(stderr).toString().trim()}`));
    });
    if (input !== undefined) {
      // It may stop reading early on an error; its exit code says what happened.
      child.stdin!.on('error', () => {});
      child.stdin!.end(input);
    }
  });
};
