import {DEFAULT_CLIP_LIMITS} from '../../core/clip-limits.ts';
import {ManifestUnreadableError} from '../../core/errors.ts';
import {emptyManifest, voiceOfComposition, type Manifest} from '../../core/manifest-schema.ts';
import {estimateSpeechInSeconds} from '../../core/text/estimate-speech.ts';
import type {SpeechProviderLimits} from '../providers/speech-provider.ts';
import {checkClip} from '../store/check-clip.ts';
import {readProjectManifest} from '../store/read-manifest-file.ts';
import {findRequestProblem} from './find-request-problem.ts';
import {planClips, type CueRef, type NarratedComposition} from './plan-clips.ts';

/** One clip of a planned cue. */
export type PlannedClip = {
  key: string;
  /** The clip's text as written in the cue. */
  text: string;
  /** Characters sent (pronunciations applied). */
  characters: number;
  estimatedSeconds: number;
  /**
   * `shared`: made for another cue that says the same (see `sharedWith`); `refused`: the
   * service refused its text on an earlier run.
   */
  status: 'cached' | 'to-generate' | 'shared' | 'refused';
  sharedWith: {compositionId: string; cueId: string} | null;
};

export type PlannedCue = CueRef & {
  /** `refused`: the service refused its text on an earlier run; prepare fails it with no request. */
  status: 'cached' | 'to-generate' | 'refused';
  /** The clips its text is split into, in order. */
  clips: PlannedClip[];
  /** Characters to send for this cue (its own clips to generate), 0 when cached or made for another cue. */
  characters: number;
  /** Estimated speech of what is to be generated for this cue, 0 when cached or shared. */
  estimatedSeconds: number;
  /** The cue whose clips this one reuses (same text and voice), when it generates nothing of its own. */
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
 * `limits` (the provider's), cues are split as that provider needs, and cues that would be
 * refused before any request say why.
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
  // An unreadable manifest is one prepare rebuilds from the clips on disk: plan as if it had.
  // Checking the cache as it was prepared (`providerId: null`, --frozen) cannot: it says why.
  const stored = await readProjectManifest({publicDir}).catch((error: unknown) => {
    if (error instanceof ManifestUnreadableError && providerId !== null) return emptyManifest();
    throw error;
  });
  // The voice each composition would be prepared with, recorded as prepare records it first.
  const manifest: Manifest =
    providerId === null
      ? stored
      : {
          ...stored,
          compositions: {
            ...stored.compositions,
            ...Object.fromEntries(compositions.map(({id}) => [id, {provider: providerId, limits: {maxCharacters: (limits ?? DEFAULT_CLIP_LIMITS).maxCharacters, maxSpeechInSeconds: (limits ?? DEFAULT_CLIP_LIMITS).maxSpeechInSeconds}}])),
          },
        };
  const {cues, jobs, refused} = await planClips({
    compositions,
    manifest,
    check: ({key, request}) => checkClip({publicDir, manifest, key, request}),
    force,
  });
  const planned = cues.map(({ref, clips, problem: textProblem}): PlannedCue => {
    const plannedClips = clips.map(({key, request, writtenText}): PlannedClip => {
      const job = jobs.get(key);
      const owner = job?.cues[0];
      const shared = owner !== undefined && owner !== ref;
      return {
        key,
        text: writtenText,
        characters: [...request.text].length,
        estimatedSeconds: estimateSpeechInSeconds(request),
        status: refused.has(key) ? 'refused' : job === undefined ? 'cached' : shared ? 'shared' : 'to-generate',
        sharedWith: shared ? {compositionId: owner.compositionId, cueId: owner.cueId} : null,
      };
    });
    const refusal = clips.map(({key}) => refused.get(key)).find((job) => job !== undefined);
    const own = plannedClips.filter((clip) => clip.status === 'to-generate');
    const shared = plannedClips.filter((clip) => clip.status === 'shared');
    const toMake = clips.map(({key}) => jobs.get(key)).filter((job) => job !== undefined);
    return {
      ...ref,
      status: refusal ? 'refused' : toMake.length > 0 ? 'to-generate' : 'cached',
      clips: plannedClips,
      characters: own.reduce((sum, clip) => sum + clip.characters, 0),
      estimatedSeconds: own.reduce((sum, clip) => sum + clip.estimatedSeconds, 0),
      sharedWith: own.length === 0 && shared.length > 0 ? shared[0]!.sharedWith : null,
      problem: textProblem
        ? textProblem
        : refusal
        ? `refused by moderation on an earlier run: ${refusal.reason}`
        : limits
          ? (toMake.map((job) => findRequestProblem({request: job.request, limits, voices: null})).find((p) => p !== null) ?? null)
          : null,
    };
  });
  return {
    providerId: voiceOfComposition(manifest, compositions[0]?.id ?? '')?.provider ?? 'none',
    cues: planned,
    clipsToGenerate: jobs.size,
    characters: planned.reduce((sum, cue) => sum + cue.characters, 0),
    estimatedSeconds: planned.reduce((sum, cue) => sum + cue.estimatedSeconds, 0),
  };
};
