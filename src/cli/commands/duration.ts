import {parseArgs} from 'node:util';
import {InvalidInputError} from '../../core/errors.ts';
import {measureFiles} from '../../node/mp3/measure-files.ts';
import type {Output} from '../output.ts';

/** `duration FILE... [--json]`: played length by decoding. Exit 1 if any file failed. */
export const durationCommand = async (args: string[], {out, err}: Output): Promise<number> => {
  const {values, positionals} = parseArgs({
    args,
    allowPositionals: true,
    options: {json: {type: 'boolean'}, verbose: {type: 'boolean'}, help: {type: 'boolean', short: 'h'}},
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
