import {cacheKeyForClip} from './cache-key.ts';
import type {ClipLimits} from './clip-limits.ts';
import {splitCueIntoClips, type ClipRequest} from './clip-request.ts';
import type {Narration, NarrationCue} from './narration-schema.ts';

/** One clip of a cue: what to ask the provider for, the key its audio is cached under, its written text. */
export type CueClip = {request: ClipRequest; key: string; writtenText: string};

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
}): Promise<CueClip[]> =>
  Promise.all(
    splitCueIntoClips({narration, cue, provider, limits}).map(async ({request, writtenText}) => ({
      request,
      writtenText,
      key: await cacheKeyForClip(request),
    })),
  );
