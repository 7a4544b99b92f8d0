import type {ClipRequest} from '../../core/clip-request.ts';
import {compositionClips, type CueClip} from '../../core/composition-clips.ts';
import type {Manifest} from '../../core/manifest-schema.ts';
import type {Narration} from '../../core/narration-schema.ts';
import type {ClipCheck} from '../store/check-clip.ts';

/** A composition's id and its resolved `narration` prop (and its frame rate, when read from the project). */
export type NarratedComposition = {id: string; narration: Narration; fps?: number};

export type CueRef = {compositionId: string; cueId: string; text: string};

/** A clip and the cues that use it (cues with the same key share one clip). */
export type ClipJob = {key: string; request: ClipRequest; cues: CueRef[]};

export type ClipPlan = {
  /**
   * Every cue, in order, with its clips. `problem`: what in its text no request may carry (a tag
   * the service would read aloud); such a cue gets no job.
   */
  cues: {
    ref: CueRef;
    keys: string[];
    clips: CueClip[];
    problem: string | null;
    /** The speed the service reads it at to fit its slot, when it must (see `compositionClips`). */
    fittedSpeed: number | null;
    /** Stored clips it keeps without playing them: those at its own speed, which decided `fittedSpeed`. */
    keptKeys: string[];
  }[];
  /** Clips to generate, by key. */
  jobs: Map<string, ClipJob>;
  /** Keys whose clip is stored (including those to upgrade). */
  cachedKeys: Set<string>;
  /** Stored clips with work to do before use (no request): see `ClipStore.upgrade`. */
  upgrades: Map<string, ClipJob & {check: Extract<ClipCheck, {state: 'outdated'}>}>;
  /**
   * Clips whose text the service refused on an earlier run, by key, with its reason: failed again
   * with no request (repeated refusals can hurt the account) until the text changes or the cue
   * is forced.
   */
  refused: Map<string, ClipJob & {reason: string}>;
};

/**
 * Which clips the cues need and which of them are already stored, reading only. Each
 * composition's clips are keyed with the voice `manifest` records for it (see
 * `compositionClips`). Cue ids in `force` are generated again even when cached or refused before.
 */
export const planClips = async ({
  compositions,
  manifest,
  check,
  force = [],
}: {
  compositions: NarratedComposition[];
  manifest: Manifest;
  /** The state of a clip in the cache (see `checkClip`). */
  check: (input: {key: string; request: ClipRequest}) => Promise<ClipCheck>;
  force?: readonly string[];
}): Promise<ClipPlan> => {
  const forced = new Set(force);
  const plan: ClipPlan = {cues: [], jobs: new Map(), cachedKeys: new Set(), upgrades: new Map(), refused: new Map()};
  for (const composition of compositions) {
    const cues = await compositionClips({manifest, compositionId: composition.id, narration: composition.narration, fps: composition.fps});
    composition.narration.cues.forEach((cue, index) => {
      const {clips, problem, fittedSpeed, spokenAtOwnSpeed} = cues[index]!;
      const ref: CueRef = {compositionId: composition.id, cueId: cue.id, text: cue.text};
      plan.cues.push({ref, keys: clips.map((clip) => clip.key), clips, problem, fittedSpeed, keptKeys: spokenAtOwnSpeed.map((clip) => clip.key)});
    });
  }
  for (const {ref, clips, problem} of plan.cues) {
    if (problem) continue;
    for (const {key, request} of clips) {
      if (forced.has(ref.cueId)) {
        // Generated again, whatever an earlier cue with the same clip found.
        const job = plan.jobs.get(key) ?? {key, request, cues: []};
        job.cues.push(...(plan.refused.get(key)?.cues ?? []), ...(plan.upgrades.get(key)?.cues ?? []), ref);
        plan.refused.delete(key);
        plan.upgrades.delete(key);
        plan.cachedKeys.delete(key);
        plan.jobs.set(key, job);
        continue;
      }
      const known = plan.jobs.get(key) ?? plan.refused.get(key) ?? plan.upgrades.get(key);
      if (known) {
        known.cues.push(ref);
        continue;
      }
      if (plan.cachedKeys.has(key)) continue;
      const found = await check({key, request});
      const moderation = manifest.moderated[key];
      if (found.state === 'stored') {
        plan.cachedKeys.add(key);
      } else if (found.state === 'outdated') {
        plan.cachedKeys.add(key);
        plan.upgrades.set(key, {key, request, cues: [ref], check: found});
      } else if (moderation) {
        plan.refused.set(key, {key, request, cues: [ref], reason: moderation.reason});
      } else {
        plan.jobs.set(key, {key, request, cues: [ref]});
      }
    }
  }
  return plan;
};
