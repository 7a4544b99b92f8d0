import {spawn} from 'node:child_process';
import path from 'node:path';
import {REPO_ROOT} from './temp-project.ts';

export type CommandResult = {code: number | null; stdout: string; stderr: string};

/** Runs a command to completion and collects its output. */
export const runCommand = (
  command: string,
  args: string[],
  {cwd, env}: {cwd: string; env?: NodeJS.ProcessEnv},
): Promise<CommandResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stdout, stderr}));
  });

/** The built CLI (`npm test` builds dist/ first), as a user runs it. */
export const runNarrationCli = (args: string[], options: {cwd: string; env?: NodeJS.ProcessEnv}) =>
  runCommand(process.execPath, [path.join(REPO_ROOT, 'bin/remotion-narration.js'), ...args], options);

/** The project's Remotion CLI (`npx remotion ...`). */
export const runRemotionCli = (args: string[], options: {cwd: string; env?: NodeJS.ProcessEnv}) =>
  runCommand(path.join(REPO_ROOT, 'node_modules/.bin/remotion'), args, options);

/** The environment of a prepare run against a fake useapi.net, without a real token. */
export const envFor = (overrides: Record<string, string | undefined>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {...process.env};
  delete env.USEAPI_TOKEN;
  delete env.USEAPI_EMAIL;
  delete env.USEAPI_BASE_URL;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
};
