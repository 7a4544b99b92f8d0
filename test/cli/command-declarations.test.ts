import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {COMMANDS} from '../../src/cli/commands/index.ts';
import {renderHelp} from '../../src/cli/help.ts';
import {README_FILE, withCommandReference} from '../../scripts/update-readme.ts';
import {envFor, runNarrationCli} from '../helpers/run-command.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';

describe('commands declared once', () => {
  it('the README\'s command reference is the one the declarations make (run `npm run readme`)', async () => {
    const readme = await readFile(README_FILE, 'utf8');
    expect(readme).toBe(withCommandReference(readme));
  });

  it.each(COMMANDS.map((command) => [command.name, command] as const))('`%s --help` shows every declared flag, its default and the examples', (name, command) => {
    const help = renderHelp(name)!;
    for (const [flag, spec] of Object.entries(command.flags)) {
      expect(help).toContain(`--${flag}${spec.value ? ` ${spec.value}` : ''}`);
      if (spec.default) expect(help).toContain(`(default ${spec.default})`);
    }
    for (const example of command.examples) expect(help).toContain(example);
  });

  it('prepare --dry-run accepts every prepare flag', async () => {
    // Bad --props stops it right after the flags are parsed: the error is about the props, not the flags.
    const result = await runNarrationCli(
      ['prepare', '--dry-run', '--concurrency', '2', '--retries', '1', '--timeout-ms', '5000', '--json', '--props', '{bad'],
      {cwd: REPO_ROOT, env: envFor({})},
    );
    expect(result.stderr).toMatch(/^Error: --props is not valid JSON/);
  });
});
