import {cacheKeyForClip} from './cache-key.ts';
import {clipRequestsForCue, type ClipRequest} from './clip-request.ts';
import type {Narration, NarrationCue} from './narration-schema.ts';

/** One clip of a cue: what to ask the provider for, and the key its audio is cached under. */
export type CueClip = {request: ClipRequest; key: string};

/**
 * The clips of one cue with their cache keys: the one derivation of cue → clip requests → keys
 * that planning, the timeline and prune all use.
 */
export const cueClips = async ({
  narration,
  cue,
  provider,
}: {
  narration: Narration;
  cue: NarrationCue;
  provider: string;
}): Promise<CueClip[]> =>
  Promise.all(clipRequestsForCue({narration, cue, provider}).map(async (request) => ({request, key: await cacheKeyForClip(request)})));
