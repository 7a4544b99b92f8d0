import {cueClips} from '../../core/cue-clips.ts';
import type {ClipRequest} from '../../core/clip-request.ts';
import type {Manifest} from '../../core/manifest-schema.ts';
import type {Narration} from '../../core/narration-schema.ts';
import type {ClipStore} from '../store/clip-store.ts';

/** A composition's id and its resolved `narration` prop. */
export type NarratedComposition = {id: string; narration: Narration};

export type CueRef = {compositionId: string; cueId: string; text: string};

/** A clip to generate and the cues that use it (cues with the same key share one clip). */
export type ClipJob = {key: string; request: ClipRequest; cues: CueRef[]};

export type ClipPlan = {
  cues: {ref: CueRef; keys: string[]}[];
  /** Clips to generate, by key. */
  jobs: Map<string, ClipJob>;
  /** Keys whose clip is stored and intact. */
  cachedKeys: Set<string>;
};

/**
 * Which clips the cues need and which of them are already stored. Cue ids in `force` are
 * generated again even when cached. With `adopt`, whole clip files that have no manifest entry
 * are measured and recorded (see `ClipStore.find`); without it nothing is written.
 */
export const planClips = async ({
  compositions,
  providerId,
  store,
  manifest,
  force = [],
  adopt,
}: {
  compositions: NarratedComposition[];
  providerId: string;
  store: ClipStore;
  manifest: Manifest;
  force?: readonly string[];
  adopt: boolean;
}): Promise<ClipPlan> => {
  const forced = new Set(force);
  const cues: ClipPlan['cues'] = [];
  const jobs = new Map<string, ClipJob>();
  const cachedKeys = new Set<string>();
  for (const composition of compositions) {
    for (const cue of composition.narration.cues) {
      const ref: CueRef = {compositionId: composition.id, cueId: cue.id, text: cue.text};
      const clips = await cueClips({narration: composition.narration, cue, provider: providerId});
      cues.push({ref, keys: clips.map((clip) => clip.key)});
      for (const {key, request} of clips) {
        const job = jobs.get(key);
        if (job) {
          job.cues.push(ref);
        } else if (forced.has(cue.id)) {
          cachedKeys.delete(key);
          jobs.set(key, {key, request, cues: [ref]});
        } else if (!cachedKeys.has(key)) {
          if (await store.find({manifest, key, request, adopt})) {
            cachedKeys.add(key);
          } else {
            jobs.set(key, {key, request, cues: [ref]});
          }
        }
      }
    }
  }
  return {cues, jobs, cachedKeys};
};
