import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {cueClips} from '../../core/cue-clips.ts';
import {clipFileForKey, keyOfClipFileName, NARRATION_FOLDER} from '../../core/narration-paths.ts';
import {openClipStore} from '../store/clip-store.ts';
import type {NarratedComposition} from './plan-clips.ts';
import {acquirePrepareLock} from './prepare-lock.ts';

export type PruneResult = {
  /** Clips that no cue uses: removed, or with `dryRun` what would be. */
  unused: {key: string; file: string; text: string | null; sizeInBytes: number}[];
  kept: number;
};

/**
 * Deletes stored audio that no cue of the given compositions uses, with any of the providers
 * the cache holds clips of (so switching between the draft voice and Kling keeps both).
 * Pass every composition of the project: a clip only another composition uses would go.
 */
export const pruneNarration = async ({
  compositions,
  publicDir,
  dryRun = false,
}: {
  compositions: NarratedComposition[];
  publicDir: string;
  dryRun?: boolean;
}): Promise<PruneResult> => {
  const store = openClipStore({publicDir});
  const release = dryRun ? async () => undefined : await acquirePrepareLock({publicDir});
  try {
    const manifest = await store.readManifest();
    const providers = new Set([manifest.provider, ...Object.values(manifest.clips).map((clip) => clip.provider)].filter((p) => p !== null));
    const used = new Set<string>();
    for (const provider of providers) {
      for (const {narration} of compositions) {
        for (const cue of narration.cues) {
          for (const {key} of (await cueClips({narration, cue, provider})).clips) used.add(key);
        }
      }
    }
    let files: string[] = [];
    try {
      files = await readdir(path.join(publicDir, NARRATION_FOLDER));
    } catch {
      // no cache yet
    }
    const onDisk = files.map(keyOfClipFileName).filter((key) => key !== null);
    const keys = new Set([...Object.keys(manifest.clips), ...onDisk]);
    const unused: PruneResult['unused'] = [];
    for (const key of keys) {
      if (used.has(key)) continue;
      const file = clipFileForKey(key);
      const sizeInBytes = await stat(path.join(publicDir, file)).then((info) => info.size, () => 0);
      unused.push({key, file, text: manifest.clips[key]?.text ?? null, sizeInBytes});
    }
    if (!dryRun && unused.length > 0) {
      await store.remove(unused.map((clip) => clip.key));
    }
    return {unused, kept: keys.size - unused.length};
  } finally {
    await release();
  }
};
