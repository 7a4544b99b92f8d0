import {COMMANDS} from './commands/index.ts';
import {renderCommandHelp} from './define-command.ts';
import {ENVIRONMENT_HELP} from './environment.ts';

/** `npx remotion-narration --help`: every command's usage and summary line. */
export const renderMainHelp = (): string => {
  const usages = COMMANDS.map((command) => `npx remotion-narration ${command.name} ${command.usage}`);
  const width = Math.max(...usages.map((usage) => usage.length)) + 2;
  return `remotion-narration: spoken narration as a build step of Remotion videos

Usage:
${COMMANDS.map((command, index) => `  ${usages[index]!.padEnd(width)} ${firstSentence(command.summary)}`).join('\n')}
  ${'npx remotion-narration help [COMMAND]'.padEnd(width)} Help, for one command too

${ENVIRONMENT_HELP}

Examples:
  npx remotion-narration prepare
  npx remotion-narration prepare --frozen
  npx remotion-narration help prepare
`;
};

/** Help for `topic` (a command name), or null when there is no such command. */
export const renderHelp = (topic: string): string | null => {
  const command = COMMANDS.find((candidate) => candidate.name === topic);
  return command ? renderCommandHelp(command, ENVIRONMENT_HELP) : null;
};

const firstSentence = (text: string): string => text.replace(/`/g, '').split(/(?<=\.)\s/)[0]!;
