import {cacheKeyForClip} from './cache-key.ts';
import type {ClipLimits} from './clip-limits.ts';
import {splitCue, type CueClipRequest, type CueSplit} from './clip-request.ts';
import type {Narration, NarrationCue} from './narration-schema.ts';

/** One clip of a cue: what to ask the provider for, its written text, and the key its audio is cached under. */
export type CueClip = CueClipRequest & {key: string};

/** A cue's clips with their keys, and its bookmarks. */
export type KeyedCue = Omit<CueSplit, 'clips'> & {clips: CueClip[]};

/**
 * The clips of one cue with their cache keys: the one derivation of cue → clip requests → keys
 * that planning, the timeline and prune all use.
 */
export const cueClips = async ({
  narration,
  cue,
  provider,
  limits,
}: {
  narration: Narration;
  cue: NarrationCue;
  provider: string;
  limits?: ClipLimits;
}): Promise<KeyedCue> => {
  const split = splitCue({narration, cue, provider, limits});
  const clips = await Promise.all(split.clips.map(async (clip) => ({...clip, key: await cacheKeyForClip(clip.request)})));
  return {...split, clips};
};
