import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import type {RowReport} from './report.ts';

/**
 * Runs a row module (one that prints its `RowReport` as JSON) in a process of its own, with `args`
 * after the module's path. A row that measures CPU time on one core must not pay for the garbage
 * the rows before it left in this process's heap: measured after rows 1-6 in one process, word
 * timing came out at 100× real time; alone, at 154×.
 */
export const inFreshProcess = (moduleFile: string, args: string[] = []): Promise<RowReport> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(moduleFile, import.meta.url)), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${moduleFile} exited with code ${code}.`));
      else resolve(JSON.parse(stdout) as RowReport);
    });
  });
