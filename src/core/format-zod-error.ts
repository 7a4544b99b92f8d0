import type {z} from 'zod';

const formatPath = (root: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${String(part)}`),
    root,
  );

/**
 * One line per problem, each naming its path: `narration.cues[3].speed: speed must be between
 * 0.8 and 2 (got 2.5)`.
 */
export const formatZodError = ({
  error,
  root,
  input,
}: {
  error: z.ZodError;
  root: string;
  input?: unknown;
}): string =>
  error.issues
    .map((issue) => {
      const got = input === undefined ? undefined : valueAt(input, issue.path);
      const gotText = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
      return `${formatPath(root, issue.path)}: ${issue.message}${gotText}`;
    })
    .join('\n');

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown => {
  let value: unknown = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
};
