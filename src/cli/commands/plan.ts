import {parseArgs} from 'node:util';
import {InvalidInputError} from '../../core/errors.ts';
import {planNarration} from '../../node/prepare/plan-narration.ts';
import {readProjectCompositions} from '../../node/project/read-project-compositions.ts';
import {speechProviderFromEnv} from '../../node/providers/speech-provider-from-env.ts';
import {listFlag, projectFlags} from '../options.ts';
import type {Output} from '../output.ts';
import {parseInputProps} from '../parse-props.ts';
import {createProgress} from '../progress.ts';

/** `plan` (and `prepare --dry-run`): what would be generated; no request, no file written. */
export const planCommand = async (args: string[], output: Output): Promise<number> => {
  const {values, positionals} = parseArgs({
    args,
    allowPositionals: true,
    options: {...projectFlags, force: {type: 'string', multiple: true}, json: {type: 'boolean'}},
  });
  if (positionals.length > 1) {
    throw new InvalidInputError(`plan takes at most one entry point, but got: ${positionals.join(' ')}.`);
  }
  const json = Boolean(values.json);
  const progress = createProgress({output, verbose: false, json});
  const {provider, notice} = speechProviderFromEnv();
  if (notice) progress.onEvent({type: 'notice', message: notice});
  const {compositions, publicDir} = await readProjectCompositions({
    entryPoint: positionals[0],
    inputProps: parseInputProps({value: values.props, cwd: process.cwd()}),
    compositionId: values.composition,
    browserExecutable: values['browser-executable'],
    onEvent: progress.onEvent,
  });
  const plan = await planNarration({compositions, publicDir, providerId: provider.id, force: listFlag(values.force)});
  if (json) {
    output.out(JSON.stringify(plan));
    return 0;
  }
  const toGenerate = plan.cues.filter((cue) => cue.status === 'to-generate');
  for (const cue of toGenerate) {
    output.out(
      `  ${cue.compositionId}/${cue.cueId}: ${cue.characters} characters, ~${cue.estimatedSeconds.toFixed(1)} s${cue.problem ? ` (will fail: ${cue.problem})` : ''}`,
    );
  }
  output.out(
    toGenerate.length === 0
      ? `Nothing to generate: all ${plan.cues.length} cue(s) are cached for ${provider.description}.`
      : `Would generate ${plan.clipsToGenerate} clip(s) for ${toGenerate.length} of ${plan.cues.length} cue(s) with ${provider.description}: ${plan.characters} characters, about ${plan.estimatedSeconds.toFixed(0)} s of speech. No request made.`,
  );
  return 0;
};
