import {InvalidInputError, isNarrationError} from '../core/errors.ts';
import {durationCommand} from './commands/duration.ts';
import {HELP} from './help.ts';
import {consoleOutput, type Output} from './output.ts';
import {planCommand} from './commands/plan.ts';
import {prepareCommand} from './commands/prepare.ts';
import {pruneCommand} from './commands/prune.ts';
import {voicesCommand} from './commands/voices.ts';

const COMMANDS: Record<string, (args: string[], output: Output) => Promise<number>> = {
  prepare: prepareCommand,
  plan: planCommand,
  prune: pruneCommand,
  voices: voicesCommand,
  duration: durationCommand,
};

/** Runs the CLI and returns the exit code. Known errors print one sentence; bugs print a stack. */
export const main = async (argv: string[], output: Output = consoleOutput()): Promise<number> => {
  const [command, ...rest] = argv;
  const verbose = rest.includes('--verbose');
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      const topic = command === 'help' && rest[0] ? rest[0] : 'main';
      if (!HELP[topic]) throw unknownCommand(topic);
      output.out(HELP[topic]);
      return 0;
    }
    const run = COMMANDS[command];
    if (!run) throw unknownCommand(command);
    if (rest.includes('--help') || rest.includes('-h')) {
      output.out(HELP[command]!);
      return 0;
    }
    return await run(rest, output);
  } catch (error) {
    if (isNarrationError(error) && !verbose) {
      output.err(`Error: ${error.message}`);
      return 1;
    }
    if (error instanceof TypeError && (error as {code?: string}).code?.startsWith('ERR_PARSE_ARGS')) {
      output.err(`Error: ${error.message}. Run "npx remotion-narration help ${command}" for the options.`);
      return 1;
    }
    output.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
};

const unknownCommand = (name: string) =>
  new InvalidInputError(`Unknown command "${name}". The commands are: ${Object.keys(COMMANDS).join(', ')}. Run "npx remotion-narration help".`);
