import {parseArgs} from 'node:util';
import {InvalidInputError} from '../../core/errors.ts';
import {pruneNarration} from '../../node/prepare/prune-narration.ts';
import {readProjectCompositions} from '../../node/project/read-project-compositions.ts';
import {projectFlags} from '../options.ts';
import type {Output} from '../output.ts';
import {parseInputProps} from '../parse-props.ts';
import {createProgress} from '../progress.ts';

/** `prune`: delete stored audio that no cue of any composition uses. */
export const pruneCommand = async (args: string[], output: Output): Promise<number> => {
  const {values, positionals} = parseArgs({
    args,
    allowPositionals: true,
    options: {...projectFlags, 'dry-run': {type: 'boolean'}, json: {type: 'boolean'}},
  });
  if (positionals.length > 1) {
    throw new InvalidInputError(`prune takes at most one entry point, but got: ${positionals.join(' ')}.`);
  }
  if (values.composition) {
    throw new InvalidInputError('prune needs every composition to know what is used: remove --composition.');
  }
  const json = Boolean(values.json);
  const dryRun = Boolean(values['dry-run']);
  const progress = createProgress({output, verbose: false, json});
  const {compositions, publicDir} = await readProjectCompositions({
    entryPoint: positionals[0],
    inputProps: parseInputProps({value: values.props, cwd: process.cwd()}),
    browserExecutable: values['browser-executable'],
    onEvent: progress.onEvent,
  });
  const result = await pruneNarration({compositions, publicDir, dryRun});
  if (json) {
    output.out(JSON.stringify({dryRun, ...result}));
    return 0;
  }
  for (const clip of result.unused) {
    output.out(`  ${dryRun ? 'would delete' : 'deleted'} ${clip.file}${clip.text ? ` ("${clip.text}")` : ''}`);
  }
  const bytes = result.unused.reduce((sum, clip) => sum + clip.sizeInBytes, 0);
  output.out(
    result.unused.length === 0
      ? `Nothing to prune: all ${result.kept} stored clip(s) are used.`
      : `${dryRun ? 'Would delete' : 'Deleted'} ${result.unused.length} unused clip(s) (${(bytes / 1024).toFixed(0)} KiB); ${result.kept} kept.`,
  );
  return 0;
};
