import {providerOfComposition} from '../../core/manifest-schema.ts';
import {estimateSpeechInSeconds} from '../../core/text/estimate-speech.ts';
import type {SpeechProviderLimits} from '../providers/speech-provider.ts';
import {openClipStore} from '../store/clip-store.ts';
import {findRequestProblem} from './find-request-problem.ts';
import {planClips, type CueRef, type NarratedComposition} from './plan-clips.ts';

export type PlannedCue = CueRef & {
  /** `refused`: the service refused its text on an earlier run; prepare fails it with no request. */
  status: 'cached' | 'to-generate' | 'refused';
  /** Characters to send (normalized text), 0 when cached or made for another cue. */
  characters: number;
  /** Estimated speech length of what is to be generated for this cue, 0 when cached or shared. */
  estimatedSeconds: number;
  /** The cue whose clip this one reuses (same text and voice), when it generates nothing of its own. */
  sharedWith: {compositionId: string; cueId: string} | null;
  /** What is wrong with it, when it cannot be generated as it is (text only: no request is made). */
  problem: string | null;
};

export type NarrationPlan = {
  /**
   * The provider the plan was made for; with `providerId: null`, the one of the first
   * composition (each composition is planned with its own).
   */
  providerId: string;
  cues: PlannedCue[];
  /** Distinct clips to generate (cues with the same key share one). */
  clipsToGenerate: number;
  characters: number;
  estimatedSeconds: number;
};

/**
 * What prepare would do, without doing it: no request, no file written. `providerId` null
 * means "the provider each composition was prepared with" (what `--frozen` checks). With
 * `limits` (the provider's), cues that would be refused before any request say why.
 */
export const planNarration = async ({
  compositions,
  publicDir,
  providerId,
  limits,
  force,
}: {
  compositions: NarratedComposition[];
  publicDir: string;
  providerId: string | null;
  limits?: SpeechProviderLimits;
  force?: readonly string[];
}): Promise<NarrationPlan> => {
  const store = openClipStore({publicDir});
  const manifest = await store.readManifest();
  const providerFor = (compositionId: string) => providerId ?? providerOfComposition(manifest, compositionId) ?? 'none';
  const {cues, jobs, refused} = await planClips({compositions, providerFor, store, manifest, force, adopt: false});
  const planned = cues.map(({ref, keys}): PlannedCue => {
    const refusal = keys.map((key) => refused.get(key)).find((job) => job !== undefined);
    if (refusal) {
      return {...ref, status: 'refused', characters: 0, estimatedSeconds: 0, sharedWith: null, problem: `refused by moderation on an earlier run: ${refusal.reason}`};
    }
    const toMake = keys.map((key) => jobs.get(key)).filter((job) => job !== undefined);
    // A clip shared by several cues is counted on the first cue that needs it.
    const ownJobs = toMake.filter((job) => job.cues[0] === ref);
    const owner = ownJobs.length === 0 ? toMake[0]?.cues[0] : undefined;
    return {
      ...ref,
      status: toMake.length > 0 ? 'to-generate' : 'cached',
      characters: ownJobs.reduce((sum, job) => sum + [...job.request.text].length, 0),
      estimatedSeconds: ownJobs.reduce((sum, job) => sum + estimateSpeechInSeconds(job.request), 0),
      sharedWith: owner ? {compositionId: owner.compositionId, cueId: owner.cueId} : null,
      problem: limits
        ? (toMake.map((job) => findRequestProblem({request: job.request, limits, voices: null})).find((p) => p !== null) ?? null)
        : null,
    };
  });
  return {
    providerId: providerFor(compositions[0]?.id ?? ''),
    cues: planned,
    clipsToGenerate: jobs.size,
    characters: planned.reduce((sum, cue) => sum + cue.characters, 0),
    estimatedSeconds: planned.reduce((sum, cue) => sum + cue.estimatedSeconds, 0),
  };
};
