import {InvalidInputError, isNarrationError} from '../core/errors.ts';
import {COMMANDS} from './commands/index.ts';
import {parseCommandArgs} from './define-command.ts';
import {renderHelp, renderMainHelp} from './help.ts';
import {consoleOutput, type Output} from './output.ts';

/** Runs the CLI and returns the exit code. Known errors print one sentence; bugs print a stack. */
export const main = async (
  argv: string[],
  output: Output = consoleOutput(),
  /** Aborted on Ctrl-C / SIGTERM (see run.ts). */
  signal: AbortSignal = new AbortController().signal,
): Promise<number> => {
  const [name, ...rest] = argv;
  const verbose = rest.includes('--verbose');
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' ? rest[0] : undefined;
      if (topic === undefined) {
        output.out(renderMainHelp());
        return 0;
      }
      const help = renderHelp(topic);
      if (help === null) throw unknownCommand(topic);
      output.out(help);
      return 0;
    }
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (!command) throw unknownCommand(name);
    if (rest.includes('--help') || rest.includes('-h')) {
      output.out(renderHelp(name)!);
      return 0;
    }
    const {values, positionals} = parseCommandArgs(command, rest);
    return await command.run({values, positionals, output, signal});
  } catch (error) {
    if (rest.includes('--json')) {
      // Whoever reads stdout as JSON gets JSON, also when the command could not run.
      output.out(
        JSON.stringify({
          ok: false,
          error: error instanceof Error ? error.message : String(error),
          ...(isNarrationError(error) ? {code: error.code} : {}),
        }),
      );
    }
    if (isNarrationError(error) && !verbose) {
      output.err(`Error: ${error.message}`);
      return 1;
    }
    if (error instanceof TypeError && (error as {code?: string}).code?.startsWith('ERR_PARSE_ARGS')) {
      output.err(`Error: ${error.message}. Run "npx remotion-narration help ${name}" for the options.`);
      return 1;
    }
    output.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
};

const unknownCommand = (name: string) =>
  new InvalidInputError(
    `Unknown command "${name}". The commands are: ${COMMANDS.map((command) => command.name).join(', ')}. Run "npx remotion-narration help".`,
  );
