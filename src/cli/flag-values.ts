import {InvalidInputError} from '../core/errors.ts';

/** A whole-number flag of at least `minimum`, or undefined when not given. */
export const wholeNumberFlag = (value: string | undefined, flag: string, minimum: number): number | undefined => {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) {
    throw new InvalidInputError(`${flag} must be a whole number of ${minimum} or more, but got "${value}".`);
  }
  return number;
};

/** `--force a,b --force c` → ['a', 'b', 'c']. */
export const listFlag = (values: string[] | undefined): string[] =>
  (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
