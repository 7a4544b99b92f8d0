import {parseArgs} from 'node:util';
import {InvalidInputError, isNarrationError} from '../errors.ts';
import {measureFiles} from '../node/measure-files.ts';
import {prepareProject, type PrepareProjectEvent} from '../node/prepare-project.ts';
import {parseInputProps} from './parse-props.ts';

const USAGE = `remotion-narration: spoken narration as a build step of Remotion videos

Usage:
  npx remotion-narration prepare [ENTRY] [options]   Generate the audio of every narration cue not cached yet
  npx remotion-narration duration FILE... [--json]   Print the played length of MP3 files (decoded, not estimated)
  npx remotion-narration help                       Show this help

prepare options:
  --composition ID           Only this composition (default: every composition with a "narration" prop)
  --props JSON|FILE          Input props, merged over the default props as in "npx remotion render"
  --concurrency N            Clips generated at once (default 4)
  --browser-executable PATH  Chrome/Chromium to read the compositions with
  --verbose                  Show stack traces and retries

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
      'browser-executable': {type: 'string'},
      verbose: {type: 'boolean'},
    },
  });
  if (positionals.length > 1) {
    throw new InvalidInputError(`prepare takes at most one entry point, but got: ${positionals.join(' ')}.`);
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new InvalidInputError(`--concurrency must be a whole number of 1 or more, but got "${values.concurrency}".`);
  }
  const inputProps = parseInputProps({value: values.props, cwd: process.cwd()});
  const startedAt = performance.now();
  const onEvent = (event: PrepareProjectEvent) => {
    switch (event.type) {
      case 'notice':
        out(event.message);
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
        if (values.verbose) out(`  retrying ${event.key} in ${seconds(event.delayMs)}: ${event.error.message}`);
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
    onEvent,
  });
  const total = result.outcomes.length;
  const elapsed = seconds(performance.now() - startedAt);
  if (result.failedCues.length > 0) {
    err(`\n${result.failedCues.length} of ${total} cue(s) failed:`);
    for (const failure of result.failedCues) {
      err(`  - ${failure.message}`);
    }
    err(`Everything else is cached; the next prepare retries only the failed cue(s).`);
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
