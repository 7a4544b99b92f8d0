import {cacheKeyForClip} from './cache-key.ts';
import {DEFAULT_CLIP_LIMITS} from './clip-limits.ts';
import {splitCue, type CueClipRequest, type CueSplit} from './clip-request.ts';
import {voiceOfComposition, type Manifest} from './manifest-schema.ts';
import type {Narration} from './narration-schema.ts';

/** One clip of a cue: what to ask the provider for, its written text, and the key its audio is cached under. */
export type CueClip = CueClipRequest & {key: string};

/** A cue's clips with their keys, and its bookmarks. */
export type KeyedCue = Omit<CueSplit, 'clips'> & {clips: CueClip[]};

/** Provider id of a composition that was never prepared: no stored clip has it, so every clip is missing. */
const UNPREPARED_PROVIDER = 'none';

/**
 * The clips of every cue of a composition with their cache keys: the one derivation of
 * cue → clip requests → keys, used by the timeline, plan, `--frozen`, prepare and prune alike.
 * Cues are split and keyed with the voice the manifest records for the composition (its
 * provider and the limits prepare split with); prepare records the voice it is about to use
 * first (`recordVoice`). A composition never prepared is split with the default limits and no
 * clip of it is stored.
 */
export const compositionClips = async ({
  manifest,
  compositionId,
  narration,
}: {
  manifest: Manifest;
  compositionId: string;
  narration: Narration;
}): Promise<KeyedCue[]> => {
  const voice = voiceOfComposition(manifest, compositionId);
  const provider = voice?.provider ?? UNPREPARED_PROVIDER;
  const limits = voice?.limits ?? DEFAULT_CLIP_LIMITS;
  return Promise.all(
    narration.cues.map(async (cue) => {
      const split = splitCue({narration, cue, provider, limits});
      const clips = await Promise.all(split.clips.map(async (clip) => ({...clip, key: await cacheKeyForClip(clip.request)})));
      return {...split, clips};
    }),
  );
};
