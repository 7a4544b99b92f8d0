import {createHash} from 'node:crypto';
import path from 'node:path';
import type {ManifestUse} from '../../core/manifest-schema.ts';

/** `propsSource` of a prepare given no input props. */
export const DEFAULT_PROPS_SOURCE = 'default props';

/**
 * Where a prepare's props came from, as recorded with what it used: the props file's path when
 * there is one (so editing the file replaces its record), a hash of inline JSON props, or
 * "default props".
 */
export const propsSourceOf = ({
  propsFile,
  inputProps,
  projectRoot = process.cwd(),
}: {
  propsFile?: string;
  inputProps?: Record<string, unknown>;
  projectRoot?: string;
}): string => {
  // Relative to the project, so every machine records the same source.
  if (propsFile) return path.relative(path.resolve(projectRoot), path.resolve(projectRoot, propsFile)).split(path.sep).join('/');
  if (!inputProps || Object.keys(inputProps).length === 0) return DEFAULT_PROPS_SOURCE;
  return `inline props ${createHash('sha256').update(JSON.stringify(inputProps)).digest('hex').slice(0, 12)}`;
};

/**
 * The id a use is recorded under: one record per composition, props source and provider, which the
 * next prepare of the same three replaces.
 */
export const useIdOf = (use: Pick<ManifestUse, 'compositionId' | 'props' | 'provider'>): string =>
  `${use.compositionId} | ${use.props} | ${use.provider}`;
