import {DEFAULT_CLIP_LIMITS} from '../../core/clip-limits.ts';
import {ManifestUnreadableError} from '../../core/errors.ts';
import {emptyManifest, voiceOfComposition, type Manifest} from '../../core/manifest-schema.ts';
import {DEFAULT_MAX_PLAYBACK_RATE, MAX_SPEED} from '../../core/narration-schema.ts';
import {loudnessPerVoice, type VoiceLoudness} from '../../core/loudness/voice-loudness.ts';
import {resolveNarrationTimeline} from '../../core/resolve-narration-timeline.ts';
import type {NarrationTimeline, TimelineSlot} from '../../core/timeline.ts';
import {estimateSpeechInSeconds} from '../../core/text/estimate-speech.ts';
import type {SpeechProviderLimits} from '../providers/speech-provider.ts';
import {openVerifiedClips} from '../store/verified-clips.ts';
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

/**
 * The room before a fixed moment (or the end of a fixed-length scene) and what fills it: the
 * cues' speech and pauses, measured where stored, estimated otherwise.
 */
export type PlannedSlot = {
  compositionId: string;
  /** Its cues: the one at the moment and those after it, up to the next moment. */
  cueIds: string[];
  /** The cue whose moment ends it; null when the end of its scene does. */
  nextCueId: string | null;
  startInSeconds: number;
  endInSeconds: number;
  /** What its cues need at their own speed, pauses included. */
  fillInSeconds: number;
  /** Whether any of its clips is not generated yet (its fill is then an estimate). */
  estimated: boolean;
  /**
   * `fits`; `faster`: played up to `maxPlaybackRate` as fast (`playbackRate`), pitch kept;
   * `read-faster`: read by the service at `fittedSpeed` (one more request per clip, once its
   * clips are measured); `too-long`: prepare would fail it.
   */
  verdict: 'fits' | 'faster' | 'read-faster' | 'too-long';
  playbackRate: number;
  fittedSpeed: number | null;
};

export type NarrationPlan = {
  /**
   * The provider the plan was made for; with `providerId: null`, the one of the first
   * composition (each composition is planned with its own).
   */
  providerId: string;
  cues: PlannedCue[];
  /** Every slot of every composition with fixed moments, and how it is filled. */
  slots: PlannedSlot[];
  /** Each voice's loudness as the service made it, over the cues already measured (see `loudnessPerVoice`). */
  voices: VoiceLoudness[];
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
/**
 * What prepare does with a slot. One that still runs over after being read faster, or that is
 * measured and cannot be read fast enough, fails; one that runs over by the estimate is read
 * faster once measured, when the fastest reading could fit it.
 */
const slotVerdict = ({
  slot,
  estimated,
  fittedSpeed,
  slowestSpeed,
  maxPlaybackRate,
}: {
  slot: TimelineSlot;
  estimated: boolean;
  fittedSpeed: number | null;
  slowestSpeed: number;
  maxPlaybackRate: number;
}): PlannedSlot['verdict'] => {
  if (slot.overflowInSeconds <= 0) return fittedSpeed !== null ? 'read-faster' : slot.playbackRate > 1 ? 'faster' : 'fits';
  if (fittedSpeed !== null || !estimated) return 'too-long';
  const needed = slot.naturalLengthInSeconds / (slot.endInSeconds - slot.startInSeconds);
  return needed <= maxPlaybackRate * (MAX_SPEED / slowestSpeed) ? 'read-faster' : 'too-long';
};

/** The frame rate a composition read without one is laid out in (slots hardly depend on it). */
const DEFAULT_FPS = 30;

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
  // Read only, as `--frozen` must be: what this machine verified before is used, not added to.
  const verified = await openVerifiedClips(publicDir);
  const {cues, jobs, refused} = await planClips({
    compositions,
    manifest,
    check: ({key, request}) => checkClip({publicDir, manifest, key, request, verified}),
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
  const slots: PlannedSlot[] = [];
  const timelines: NarrationTimeline[] = [];
  for (const composition of compositions) {
    const timeline = await resolveNarrationTimeline({narration: composition.narration, manifest, fps: composition.fps ?? DEFAULT_FPS, compositionId: composition.id, allowMissing: true});
    timelines.push(timeline);
    for (const cue of timeline.cues) {
      const slot = cue.slot;
      if (!slot) continue;
      const slotCues = timeline.cues.filter((each) => slot.cueIds.includes(each.id));
      const estimated = slotCues.some((each) => each.status !== 'ready');
      const fittedSpeed = slotCues.find((each) => each.fittedSpeed !== null)?.fittedSpeed ?? null;
      const maxPlaybackRate = composition.narration.maxPlaybackRate ?? DEFAULT_MAX_PLAYBACK_RATE;
      slots.push({
        compositionId: composition.id,
        cueIds: slot.cueIds,
        nextCueId: slot.nextCueId,
        startInSeconds: slot.startInSeconds,
        endInSeconds: slot.endInSeconds,
        fillInSeconds: slot.naturalLengthInSeconds,
        estimated,
        verdict: slotVerdict({slot, estimated, fittedSpeed, slowestSpeed: Math.min(...slotCues.map((each) => each.voice.speed)), maxPlaybackRate}),
        playbackRate: slot.playbackRate,
        fittedSpeed,
      });
    }
  }
  return {
    providerId: voiceOfComposition(manifest, compositions[0]?.id ?? '')?.provider ?? 'none',
    cues: planned,
    slots,
    voices: loudnessPerVoice(timelines),
    clipsToGenerate: jobs.size,
    characters: planned.reduce((sum, cue) => sum + cue.characters, 0),
    estimatedSeconds: planned.reduce((sum, cue) => sum + cue.estimatedSeconds, 0),
  };
};
