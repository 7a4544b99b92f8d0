import {parseArgs} from 'node:util';
import {InvalidInputError} from '../core/errors.ts';
import type {Output} from './output.ts';

/** One flag of a command: how it parses and how help and the README describe it. */
export type FlagSpec = {
  type: 'boolean' | 'string';
  /** May be given several times (values collected in order). */
  multiple?: boolean;
  short?: string;
  /** What the value looks like, in help: `N`, `ID[,ID...]`, `JSON|FILE`. */
  value?: string;
  description: string;
  /** The default, in help: `4`. */
  default?: string;
};

export type FlagSpecs = Record<string, FlagSpec>;

/** The parsed values of a command's flags, typed from its declaration. */
export type FlagValues<Flags extends FlagSpecs> = {
  [Name in keyof Flags]?: Flags[Name]['type'] extends 'boolean'
    ? boolean
    : Flags[Name]['multiple'] extends true
      ? string[]
      : string;
};

export type CommandInput<Flags extends FlagSpecs> = {
  values: FlagValues<Flags>;
  positionals: string[];
  output: Output;
  /** Aborted when the user stops the command (Ctrl-C, SIGTERM). */
  signal: AbortSignal;
};

/**
 * A CLI command declared once: its usage, flags (with defaults), help text and examples, and
 * what it does. `--help`, `help COMMAND` and the README's command table are all made from this.
 */
export type Command<Flags extends FlagSpecs = FlagSpecs> = {
  name: string;
  /** One line, for the list of commands. */
  summary: string;
  /** What follows the command name: `[ENTRY] [options]`. */
  usage: string;
  /** What the command does, for its help. */
  description: string;
  /** Positional arguments: their name in messages, and how many are allowed. */
  positionals: {name: string; min: number; max: number};
  flags: Flags;
  examples: string[];
  run(input: CommandInput<Flags>): Promise<number>;
};

/** The flag every command takes. */
export const HELP_FLAG = {help: {type: 'boolean', short: 'h', description: 'This help'}} as const satisfies FlagSpecs;

/** Declares a command (an identity function that keeps the flags' types). */
export const defineCommand = <const Flags extends FlagSpecs>(command: Command<Flags>): Command<Flags> => command;

/**
 * Parses `args` by the command's declaration.
 * @throws InvalidInputError for too few or too many positionals; node's ERR_PARSE_ARGS errors for
 *   unknown flags or missing values (the CLI turns both into one sentence).
 */
export const parseCommandArgs = <Flags extends FlagSpecs>(
  command: Command<Flags>,
  args: string[],
): {values: FlagValues<Flags>; positionals: string[]} => {
  const options = Object.fromEntries(
    Object.entries<FlagSpec>({...command.flags, ...HELP_FLAG}).map(([name, flag]) => [
      name,
      {type: flag.type, ...(flag.multiple ? {multiple: true} : {}), ...(flag.short ? {short: flag.short} : {})},
    ]),
  );
  const {values, positionals} = parseArgs({args, options, allowPositionals: command.positionals.max > 0, strict: true});
  const {name, min, max} = command.positionals;
  if (positionals.length > max) {
    throw new InvalidInputError(`${command.name} takes at most ${max === 1 ? `one ${name}` : `${max} arguments`}, but got: ${positionals.join(' ')}.`);
  }
  if (positionals.length < min) {
    throw new InvalidInputError(`${command.name} needs at least ${min === 1 ? `one ${name}` : `${min} arguments`}: npx remotion-narration ${command.name} ${command.usage}`);
  }
  return {values: values as FlagValues<Flags>, positionals};
};

const flagLabel = (name: string, flag: FlagSpec): string => `--${name}${flag.value ? ` ${flag.value}` : ''}`;

const flagDescription = (flag: FlagSpec): string => `${flag.description}${flag.default ? ` (default ${flag.default})` : ''}`;

/** `npx remotion-narration COMMAND --help`. */
export const renderCommandHelp = (command: Command, environment: string): string => {
  const flags = Object.entries(command.flags);
  const width = Math.max(...flags.map(([name, flag]) => flagLabel(name, flag).length), 0) + 2;
  return [
    `npx remotion-narration ${command.name} ${command.usage}`,
    '',
    command.description,
    ...(flags.length > 0
      ? ['', 'Options:', ...flags.map(([name, flag]) => `  ${flagLabel(name, flag).padEnd(width)} ${flagDescription(flag)}`)]
      : []),
    '',
    environment,
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
};

/** The README's reference table of commands, one row per command. */
export const renderCommandTable = (commands: readonly Command[]): string => {
  const escape = (text: string) => text.replaceAll('|', '\\|');
  const rows = commands.map((command) => {
    const flags = Object.entries(command.flags).map(([name, flag]) => `\`${escape(flagLabel(name, flag))}\` ${escape(flagDescription(flag))}`);
    return `| \`npx remotion-narration ${escape(`${command.name} ${command.usage}`)}\` | ${escape(command.summary)}${flags.length ? `<br>${flags.join('<br>')}` : ''} |`;
  });
  return ['| Command | What it does, and its options |', '|---|---|', ...rows].join('\n');
};
