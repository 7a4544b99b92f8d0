import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {compositionClips} from '../../core/composition-clips.ts';
import {InvalidInputError, ManifestUnreadableError} from '../../core/errors.ts';
import {voiceOfComposition, type Manifest, type ManifestUse} from '../../core/manifest-schema.ts';
import {clipFileForKey, keyOfClipFileName, NARRATION_FOLDER} from '../../core/narration-paths.ts';
import {openClipStore} from '../store/clip-store.ts';
import {readProjectManifest} from '../store/read-manifest-file.ts';
import type {NarratedComposition} from './plan-clips.ts';
import {DEFAULT_PROPS_SOURCE, useIdOf} from './use-id.ts';

/** How long prune keeps the audio another prepare used (other props, another voice), by default. */
export const DEFAULT_KEEP_DAYS = 30;

const DAY_IN_MS = 24 * 60 * 60 * 1000;

/** A prepare whose clips prune keeps although the compositions it read do not use them. */
export type KeptUse = ManifestUse & {useId: string; clips: number};

export type PruneResult = {
  /** Clips that nothing keeps: deleted, or with `dryRun` what would be, each with why. */
  unused: {key: string; file: string; text: string | null; sizeInBytes: number; reason: string}[];
  /** Stored clips kept. */
  kept: number;
  /** Other prepares (other props, another voice) used within `keepDays`: their clips are kept. */
  keptForOtherUses: KeptUse[];
};

/**
 * Deletes stored audio that nothing uses. A clip is kept when a cue of `compositions` (read with
 * the props of `propsSource`) uses it, keyed with the voice the manifest records for its
 * composition, or when another prepare used it within `keepDays` (the same compositions with
 * other props, such as another language; another voice; a composition not read now): prepare
 * records what it used. Pass every composition of the project.
 *
 * @throws InvalidInputError when the manifest cannot be read: nothing is deleted while it is
 *   not known which clips are used.
 */
export const pruneNarration = async ({
  compositions,
  publicDir,
  propsSource = DEFAULT_PROPS_SOURCE,
  keepDays = DEFAULT_KEEP_DAYS,
  dryRun = false,
  now = Date.now(),
}: {
  compositions: NarratedComposition[];
  publicDir: string;
  /** Where the compositions' props came from (see `propsSourceOf`). */
  propsSource?: string;
  /** Keep what other prepares used within this many days; 0 keeps only what `compositions` use. */
  keepDays?: number;
  dryRun?: boolean;
  /** The time uses are aged against, in ms since the epoch. */
  now?: number;
}): Promise<PruneResult> => {
  const store = dryRun ? null : await openClipStore({publicDir, unreadableManifest: 'throw'}).catch(explainUnreadable);
  try {
    const manifest: Manifest = store?.manifest ?? (await readProjectManifest({publicDir}).catch(explainUnreadable));
    const used = new Set<string>();
    const current = new Set<string>();
    for (const {id, narration, fps} of compositions) {
      // In the composition's own frames, as prepare decided: a fitting decision may tip on them.
      for (const cue of await compositionClips({manifest, compositionId: id, narration, fps})) for (const {key} of [...cue.clips, ...cue.spokenAtOwnSpeed]) used.add(key);
      const provider = voiceOfComposition(manifest, id)?.provider;
      if (provider) current.add(useIdOf({compositionId: id, props: propsSource, provider}));
    }
    // What other prepares used: kept while recent, forgotten once their clips may go.
    const others = Object.entries(manifest.uses)
      .filter(([useId]) => !current.has(useId))
      .map(([useId, use]) => ({...use, useId, clips: 0}));
    const recent = others.filter((use) => now - Date.parse(use.usedAt) <= keepDays * DAY_IN_MS);
    const keptForOtherUses = recent.filter((use) => use.keys.some((key) => !used.has(key)));
    const keptByUses = new Set(recent.flatMap((use) => use.keys));

    let files: string[] = [];
    try {
      files = await readdir(path.join(publicDir, NARRATION_FOLDER));
    } catch {
      // no cache yet
    }
    const onDisk = new Set(files.map(keyOfClipFileName).filter((key) => key !== null));
    const stored = new Set([...Object.keys(manifest.clips), ...onDisk]);
    for (const use of keptForOtherUses) use.clips = use.keys.filter((key) => stored.has(key) && !used.has(key)).length;
    const names = compositions.map((composition) => composition.id).join(', ') || 'none';
    const unused: PruneResult['unused'] = [];
    for (const key of stored) {
      if (used.has(key) || keptByUses.has(key)) continue;
      const file = clipFileForKey(key);
      const sizeInBytes = await stat(path.join(publicDir, file)).then((info) => info.size, () => 0);
      const lastUse = Object.values(manifest.uses)
        .filter((use) => use.keys.includes(key))
        .sort((a, b) => Date.parse(b.usedAt) - Date.parse(a.usedAt))[0];
      const reason = `no cue of ${names} uses it${
        lastUse
          ? `; last used ${daysAgo(now, lastUse.usedAt)} by a prepare of ${lastUse.compositionId} (${lastUse.props}, ${lastUse.provider})`
          : manifest.clips[key]
            ? ', and no other prepare recorded using it'
            : ', and the manifest does not know the file'
      }`;
      unused.push({key, file, text: manifest.clips[key]?.text ?? null, sizeInBytes, reason});
    }
    if (store) {
      store.forgetUses(others.filter((use) => !recent.includes(use)).map((use) => use.useId));
      if (unused.length > 0) await store.remove(unused.map((clip) => clip.key));
    }
    return {unused, kept: stored.size - unused.length, keptForOtherUses};
  } finally {
    await store?.close();
  }
};

const daysAgo = (now: number, at: string): string => {
  const days = Math.floor((now - Date.parse(at)) / DAY_IN_MS);
  return days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
};

const explainUnreadable = (error: unknown): never => {
  if (!(error instanceof ManifestUnreadableError)) throw error;
  throw new InvalidInputError(
    `Prune deletes nothing while ${error.file} cannot be read: it ${error.problem}. Resolve it (after a merge conflict, keep either side: the clips of both are on disk), or run \`npx remotion-narration prepare\`, which rebuilds it from the clips on disk.`,
    {cause: error},
  );
};
