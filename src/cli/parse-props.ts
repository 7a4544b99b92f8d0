import {existsSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {InvalidInputError} from '../core/errors.ts';

/**
 * `--props` as the Remotion CLI takes it: a JSON object, or the path of a JSON file holding one.
 */
export const parseInputProps = ({value, cwd}: {value: string | undefined; cwd: string}): Record<string, unknown> => {
  if (value === undefined) {
    return {};
  }
  const trimmed = value.trim();
  const isInline = trimmed.startsWith('{');
  const file = path.resolve(cwd, trimmed);
  if (!isInline && !existsSync(file)) {
    throw new InvalidInputError(`--props must be a JSON object or the path of a JSON file, but "${value}" is neither (no such file).`);
  }
  if (!isInline && statSync(file).isDirectory()) {
    throw new InvalidInputError(`--props must be a JSON object or the path of a JSON file, but "${value}" is a folder.`);
  }
  const text = isInline ? trimmed : readFileSync(file, 'utf8');
  const where = isInline ? '--props' : `--props file ${file}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${where} is not valid JSON: ${(error as Error).message}.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidInputError(`${where} must be a JSON object such as '{"narration": {...}}'.`);
  }
  return parsed as Record<string, unknown>;
};
