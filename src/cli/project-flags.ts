import type {ProjectOptions} from '../node/project/read-project-compositions.ts';
import type {FlagSpecs, FlagValues} from './define-command.ts';
import {parseInputProps} from './parse-props.ts';

/** The flags of every command that reads the project's compositions. */
export const PROJECT_FLAGS = {
  composition: {type: 'string', value: 'ID', description: 'Only this composition (default: every composition with a "narration" prop)'},
  props: {type: 'string', value: 'JSON|FILE', description: 'Input props, merged over the default props as in "npx remotion render"'},
  'browser-executable': {type: 'string', value: 'PATH', description: 'Chrome/Chromium to read the compositions with'},
  verbose: {type: 'boolean', description: 'Stack traces (and for prepare: every HTTP request, token redacted)'},
} as const satisfies FlagSpecs;

/** The positional every such command takes. */
export const ENTRY_POSITIONAL = {name: 'entry point', min: 0, max: 1};

/** What the project flags and the entry point ask for, as `readProjectCompositions` takes it. */
export const projectFromFlags = ({
  values,
  positionals,
}: {
  values: FlagValues<typeof PROJECT_FLAGS>;
  positionals: string[];
}): ProjectOptions => ({
  entryPoint: positionals[0],
  inputProps: parseInputProps({value: values.props, cwd: process.cwd()}),
  propsFile: values.props !== undefined && !values.props.trim().startsWith('{') ? values.props.trim() : undefined,
  compositionId: values.composition,
  browserExecutable: values['browser-executable'],
});
