import {parseArgs} from 'node:util';
import {AccountError, AuthenticationError, InvalidInputError, isNarrationError} from '../errors.ts';
import {measureFiles} from '../node/measure-files.ts';
import {prepareProject, type PrepareProjectEvent} from '../node/prepare-project.ts';
import {speechProviderFromEnv} from '../node/speech-provider-from-env.ts';
import {parseInputProps} from './parse-props.ts';

const USAGE = `remotion-narration: spoken narration as a build step of Remotion videos

Usage:
  npx remotion-narration prepare [ENTRY] [options]   Generate the audio of every narration cue not cached yet
  npx remotion-narration voices [--json]             List the Kling voices of your account and their emotions
  npx remotion-narration duration FILE... [--json]   Print the played length of MP3 files (decoded, not estimated)
  npx remotion-narration help                       Show this help

prepare options:
  --composition ID           Only this composition (default: every composition with a "narration" prop)
  --props JSON|FILE          Input props, merged over the default props as in "npx remotion render"
  --concurrency N            Clips generated at once (default 4)
  --retries N                Retries of a transient failure per clip (default 3)
  --timeout-ms N             Timeout per request (default 180000, or USEAPI_TIMEOUT_MS)
  --browser-executable PATH  Chrome/Chromium to read the compositions with
  --verbose                  Show every HTTP request (token redacted), retries and stack traces

Environment:
  USEAPI_TOKEN       useapi.net API token; without it the offline draft voice (eSpeak NG) speaks
  USEAPI_EMAIL       Kling account at useapi.net, when several are configured there
  USEAPI_BASE_URL    default https://api.useapi.net
  USEAPI_TIMEOUT_MS  per request, default 180000
  REMOTION_BROWSER_EXECUTABLE  your own Chrome/Chromium instead of the bundled one

Examples:
  npx remotion-narration prepare
  npx remotion-narration prepare --composition Explainer --props '{"narration": {...}}'
  npx remotion-narration duration public/narration/*.mp3 --json
`;

type Output = {out: (line: string) => void; err: (line: string) => void};

const consoleOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs the CLI; returns the exit code. Only the CLI prints. */
export const main = async (argv: string[], output: Output = consoleOutput): Promise<number> => {
  const [command, ...rest] = argv;
  const verbose = rest.includes('--verbose');
  try {
    switch (command) {
      case 'prepare':
        return await prepareCommand(rest, output);
      case 'duration':
        return await durationCommand(rest, output);
      case 'voices':
        return await voicesCommand(rest, output);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        output.out(USAGE);
        return 0;
      default:
        throw new InvalidInputError(`Unknown command "${command}". Run "npx remotion-narration help" for the commands.`);
    }
  } catch (error) {
    if (isNarrationError(error) && !verbose) {
      output.err(`Error: ${error.message}`);
      return 1;
    }
    if (error instanceof TypeError && (error as {code?: string}).code?.startsWith('ERR_PARSE_ARGS')) {
      output.err(`Error: ${error.message}. Run "npx remotion-narration help" for the options.`);
      return 1;
    }
    output.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
};

const prepareCommand = async (args: string[], {out, err}: Output): Promise<number> => {
  const {values, positionals} = parseArgs({
    args,
    allowPositionals: true,
    options: {
      composition: {type: 'string'},
      props: {type: 'string'},
      concurrency: {type: 'string'},
      retries: {type: 'string'},
      'timeout-ms': {type: 'string'},
      'browser-executable': {type: 'string'},
      verbose: {type: 'boolean'},
    },
  });
  if (positionals.length > 1) {
    throw new InvalidInputError(`prepare takes at most one entry point, but got: ${positionals.join(' ')}.`);
  }
  const concurrency = positiveInteger(values.concurrency, '--concurrency', 1);
  const maxRetries = positiveInteger(values.retries, '--retries', 0);
  const timeoutMs = positiveInteger(values['timeout-ms'], '--timeout-ms', 1);
  const inputProps = parseInputProps({value: values.props, cwd: process.cwd()});
  const startedAt = performance.now();
  const onEvent = (event: PrepareProjectEvent) => {
    switch (event.type) {
      case 'notice':
        out(event.message);
        break;
      case 'http':
        if (values.verbose) {
          const {method, url, status, durationMs, requestHeaders} = event.entry;
          out(`  ${method} ${url} -> ${status ?? 'no answer'} [${seconds(durationMs)}] ${JSON.stringify(requestHeaders)}`);
        }
        break;
      case 'waiting-for-lock':
        out(`Waiting for another prepare of this project (pid ${event.holder.pid}, started ${event.holder.startedAt}) to finish...`);
        break;
      case 'voices-unavailable':
        err(`Warning: could not load the voices list (${event.error.message}); speakers and emotions are not checked before the requests.`);
        break;
      case 'reading-compositions':
        out(`Reading compositions from ${event.entryPoint}...`);
        break;
      case 'compositions':
        out(
          event.compositions.length === 0
            ? 'No composition has a "narration" prop.'
            : `Narrated: ${event.compositions.map((c) => `${c.id} (${c.cues} cues)`).join(', ')} [${seconds(event.elapsedMs)}]`,
        );
        break;
      case 'start':
        if (event.clipsToGenerate > 0) out(`Generating ${event.clipsToGenerate} clip(s) with ${event.provider.description}...`);
        break;
      case 'clip-generated':
        out(`  ✓ ${event.cues.map((c) => `${c.compositionId}/${c.cueId}`).join(', ')} (${event.durationInSeconds.toFixed(2)} s)`);
        break;
      case 'clip-failed':
        out(`  ✗ ${event.cues.map((c) => `${c.compositionId}/${c.cueId}`).join(', ')}`);
        break;
      case 'retry':
        out(`  retrying ${event.key} in ${seconds(event.delayMs)} (try ${event.attempt + 1}): ${event.error.message}`);
        break;
      case 'manifest-problem':
        err(`Warning: ${event.problem.file} ${event.problem.problem}; its clips will be generated again.`);
        break;
    }
  };
  const result = await prepareProject({
    entryPoint: positionals[0],
    inputProps,
    compositionId: values.composition,
    browserExecutable: values['browser-executable'],
    concurrency,
    maxRetries,
    timeoutMs,
    onEvent,
  });
  const total = result.outcomes.length;
  const elapsed = seconds(performance.now() - startedAt);
  if (result.failedCues.length > 0) {
    // An account-wide failure stopped the run: one sentence, not one per cue.
    const accountWide = result.failedCues.find(
      (failure) => failure.error instanceof AuthenticationError || failure.error instanceof AccountError,
    );
    const others = result.failedCues.filter((failure) => failure.error !== accountWide?.error);
    if (accountWide) {
      err(`\nStopped early: ${accountWide.error!.message}`);
      err(`${result.failedCues.length - others.length} of ${total} cue(s) were not generated.`);
    }
    if (others.length > 0) {
      err(`\n${others.length} of ${total} cue(s) failed:`);
      for (const failure of others) {
        err(`  - ${failure.message}`);
      }
    }
    err(`Everything else is cached; the next prepare makes only the missing cue(s).`);
    return 1;
  }
  if (result.synthesizeCalls === 0) {
    out(`Everything was cached: ${total} cue(s), no speech request made. [${elapsed}]`);
  } else {
    out(`Done: ${total} cue(s), ${result.generatedClips} clip(s) generated with ${result.synthesizeCalls} request(s), ${result.cachedClips} cached. [${elapsed}]`);
  }
  return 0;
};

const durationCommand = async (args: string[], {out, err}: Output): Promise<number> => {
  const {values, positionals} = parseArgs({
    args,
    allowPositionals: true,
    options: {json: {type: 'boolean'}, verbose: {type: 'boolean'}},
  });
  if (positionals.length === 0) {
    throw new InvalidInputError('duration needs at least one file: npx remotion-narration duration FILE... [--json]');
  }
  const results = await measureFiles({files: positionals});
  if (values.json) {
    out(JSON.stringify(results));
  } else {
    for (const result of results) {
      if ('error' in result) err(`${result.file}: ${result.error}`);
      else out(`${result.file}\t${result.durationInSeconds.toFixed(3)} s`);
    }
  }
  return results.some((result) => 'error' in result) ? 1 : 0;
};

const voicesCommand = async (args: string[], {out}: Output): Promise<number> => {
  const {values} = parseArgs({args, options: {json: {type: 'boolean'}, verbose: {type: 'boolean'}}});
  const {provider} = speechProviderFromEnv();
  if (!provider.listVoices) {
    throw new InvalidInputError('USEAPI_TOKEN is not set: the offline draft voice has no voices to list. Set USEAPI_TOKEN to list your Kling voices.');
  }
  const voices = await provider.listVoices();
  if (values.json) {
    out(JSON.stringify(voices));
    return 0;
  }
  for (const voice of voices) {
    const emotions = voice.emotions.filter((emotion) => emotion.enabled).map((emotion) => emotion.key);
    out(`${voice.speakerId.padEnd(28)} ${(voice.name ?? '').padEnd(22)} ${emotions.length ? `emotions: ${emotions.join(', ')}` : 'no emotions'}`);
  }
  return 0;
};

/** A whole number flag of at least `minimum`, or undefined when not given. */
const positiveInteger = (value: string | undefined, flag: string, minimum: number): number | undefined => {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) {
    throw new InvalidInputError(`${flag} must be a whole number of ${minimum} or more, but got "${value}".`);
  }
  return number;
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
