import type {ClipLimits} from '../../core/clip-limits.ts';
import {cueClips, type CueClip} from '../../core/cue-clips.ts';
import type {ClipRequest} from '../../core/clip-request.ts';
import type {Manifest} from '../../core/manifest-schema.ts';
import type {Narration} from '../../core/narration-schema.ts';
import type {ClipStore} from '../store/clip-store.ts';

/** A composition's id and its resolved `narration` prop (and its frame rate, when read from the project). */
export type NarratedComposition = {id: string; narration: Narration; fps?: number};

export type CueRef = {compositionId: string; cueId: string; text: string};

/** A clip to generate and the cues that use it (cues with the same key share one clip). */
export type ClipJob = {key: string; request: ClipRequest; cues: CueRef[]};

export type ClipPlan = {
  /**
   * Every cue, in order, with its clips. `problem`: what in its text no request may carry (a tag
   * the service would read aloud); such a cue gets no job.
   */
  cues: {ref: CueRef; keys: string[]; clips: CueClip[]; problem: string | null}[];
  /** Clips to generate, by key. */
  jobs: Map<string, ClipJob>;
  /** Keys whose clip is stored and intact. */
  cachedKeys: Set<string>;
  /**
   * Clips whose text the service refused on an earlier run, by key, with its reason: failed again
   * with no request (repeated refusals can hurt the account) until the text changes or the cue
   * is forced.
   */
  refused: Map<string, ClipJob & {reason: string}>;
};

/**
 * Which clips the cues need and which of them are already stored. Cue ids in `force` are generated again even when cached or
 * refused before. With `adopt`, whole clip files that have no manifest entry are measured and
 * recorded (see `ClipStore.find`); without it nothing is written.
 */
export const planClips = async ({
  compositions,
  voiceFor,
  store,
  manifest,
  force = [],
  adopt,
}: {
  compositions: NarratedComposition[];
  /** The provider of each composition, and the limits its cues are split with. */
  voiceFor: (compositionId: string) => {provider: string; limits: ClipLimits};
  store: ClipStore;
  manifest: Manifest;
  force?: readonly string[];
  adopt: boolean;
}): Promise<ClipPlan> => {
  const forced = new Set(force);
  const cues: ClipPlan['cues'] = [];
  const jobs = new Map<string, ClipJob>();
  const refused: ClipPlan['refused'] = new Map();
  const cachedKeys = new Set<string>();
  for (const composition of compositions) {
    const {provider, limits} = voiceFor(composition.id);
    for (const cue of composition.narration.cues) {
      const ref: CueRef = {compositionId: composition.id, cueId: cue.id, text: cue.text};
      const {clips, problem} = await cueClips({narration: composition.narration, cue, provider, limits});
      cues.push({ref, keys: clips.map((clip) => clip.key), clips, problem});
      if (problem) continue;
      for (const {key, request} of clips) {
        const known = jobs.get(key) ?? refused.get(key);
        if (known) {
          known.cues.push(ref);
        } else if (forced.has(cue.id)) {
          cachedKeys.delete(key);
          jobs.set(key, {key, request, cues: [ref]});
        } else if (!cachedKeys.has(key)) {
          const moderation = manifest.moderated[key];
          if (await store.find({manifest, key, request, adopt})) {
            cachedKeys.add(key);
          } else if (moderation) {
            refused.set(key, {key, request, cues: [ref], reason: moderation.reason});
          } else {
            jobs.set(key, {key, request, cues: [ref]});
          }
        }
      }
    }
  }
  return {cues, jobs, cachedKeys, refused};
};
