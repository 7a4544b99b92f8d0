import {InvalidInputError} from './errors.ts';
import {formatZodError} from './format-zod-error.ts';
import {narrationSchema, type Narration} from './narration-schema.ts';

/**
 * Validates a composition's `narration` prop and that its cue ids are unique.
 * @throws InvalidInputError naming the composition and every bad path.
 */
export const parseNarration = ({value, compositionId}: {value: unknown; compositionId: string}): Narration => {
  if (value === undefined) {
    throw new InvalidInputError(
      `Composition "${compositionId}" has no "narration" prop. Add \`narration: narrationSchema\` to its schema and a narration to its defaultProps or input props.`,
    );
  }
  const parsed = narrationSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidInputError(
      `The narration of composition "${compositionId}" is invalid:\n${formatZodError({error: parsed.error, root: 'narration', input: value})}`,
    );
  }
  const seen = new Map<string, number>();
  parsed.data.cues.forEach((cue, index) => {
    const first = seen.get(cue.id);
    if (first !== undefined) {
      throw new InvalidInputError(
        `Composition "${compositionId}": narration.cues[${index}] has the id "${cue.id}", which narration.cues[${first}] already uses. Give every cue its own id.`,
      );
    }
    seen.set(cue.id, index);
  });
  return parsed.data;
};
