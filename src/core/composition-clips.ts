import {cacheKeyForClip} from './cache-key.ts';
import {DEFAULT_CLIP_LIMITS, type ClipLimits} from './clip-limits.ts';
import {splitCue, type CueClipRequest, type CueSplit} from './clip-request.ts';
import {voiceOfComposition, type Manifest} from './manifest-schema.ts';
import {clipFileForKey} from './narration-paths.ts';
import {DEFAULT_SPEED, MAX_SPEED, type Narration, type NarrationCue} from './narration-schema.ts';
import {buildTimeline, type ClipPlacement, type NarrationTimeline} from './timeline.ts';

/** One clip of a cue: what to ask the provider for, its written text, and the key its audio is cached under. */
export type CueClip = CueClipRequest & {key: string};

/**
 * A cue's clips with their keys, and its bookmarks. A cue read faster to fit its slot (see
 * `compositionClips`) has `fittedSpeed`, its clips at that speed, and in `spokenAtOwnSpeed` the
 * clips at its own speed that were measured to decide it (kept: they decide it again next time).
 */
export type KeyedCue = Omit<CueSplit, 'clips'> & {clips: CueClip[]; fittedSpeed: number | null; spokenAtOwnSpeed: CueClip[]};

/** Whether a narration has slots (fixed moments, or fixed-length scenes): only then can a line be fitted. */
export const hasSlots = (narration: Narration): boolean =>
  narration.cues.some((cue) => cue.atInSeconds !== undefined || cue.atFrame !== undefined) || (narration.scenes ?? []).some((scene) => scene.durationInSeconds !== undefined);

/** Provider id of a composition that was never prepared: no stored clip has it, so every clip is missing. */
const UNPREPARED_PROVIDER = 'none';

/** The frame rate fitting decisions are made in when the composition's is not known (they hardly depend on it). */
const DEFAULT_FPS = 30;

/**
 * The clips of every cue of a composition with their cache keys: the one derivation of
 * cue → clip requests → keys, used by the timeline, plan, `--frozen`, prepare and prune alike.
 * Cues are split and keyed with the voice the manifest records for the composition (its
 * provider and the limits prepare split with); prepare records the voice it is about to use
 * first (`recordVoice`). A composition never prepared is split with the default limits and no
 * clip of it is stored.
 *
 * A slot (the cues before a fixed moment, see `buildTimeline`) whose speech, measured, is too
 * long even played at `maxPlaybackRate` is read faster by the speech service: each of its cues
 * is keyed again at the speed that fits without any playback change (its own speed times the
 * ratio, rounded up to the 0.1 Kling works in, at most 2.0), so prepare asks for it once, and
 * playback fits what is left. Decided only on measured clips: never on estimates.
 */
export const compositionClips = async ({
  manifest,
  compositionId,
  narration,
  fps = DEFAULT_FPS,
}: {
  manifest: Manifest;
  compositionId: string;
  narration: Narration;
  fps?: number;
}): Promise<KeyedCue[]> => {
  const voice = voiceOfComposition(manifest, compositionId);
  const provider = voice?.provider ?? UNPREPARED_PROVIDER;
  const limits = voice?.limits ?? DEFAULT_CLIP_LIMITS;
  const keyed = await Promise.all(narration.cues.map((cue) => keyCue({narration, cue, provider, limits})));
  if (!hasSlots(narration)) return keyed;

  const timeline = buildTimeline({narration, clips: keyed.map((cue) => placementsOf(cue.clips, manifest)), marks: keyed.map((cue) => cue.marks), fps});
  const fitted = new Map<number, number>();
  for (const {first, last, slot} of slotsOf(timeline)) {
    if (slot.overflowInSeconds <= 0) continue;
    const indexes = Array.from({length: last - first + 1}, (_, offset) => first + offset);
    // Measured, every clip of the slot: an estimate is no ground to pay for a faster reading.
    if (!indexes.every((index) => keyed[index]!.clips.every((clip) => manifest.clips[clip.key] !== undefined))) continue;
    const cues = indexes.map((index) => timeline.cues[index]!);
    // A cue held up by its minDurationInSeconds is not shortened by a faster reading: no request.
    if (indexes.some((index) => (narration.cues[index]!.minDurationInSeconds ?? 0) > timeline.cues[index]!.speechEndInSeconds - timeline.cues[index]!.speechStartInSeconds)) continue;
    const speech = cues.reduce((sum, cue) => sum + cue.clips.reduce((clipSum, clip) => clipSum + clip.speechEndInSeconds - clip.speechStartInSeconds, 0), 0);
    const room = speech - (slot.naturalLengthInSeconds - (slot.endInSeconds - slot.startInSeconds));
    if (room <= 0) continue;
    for (const index of indexes) {
      const cue = narration.cues[index]!;
      const speed = cue.speed ?? narration.voice.speed ?? DEFAULT_SPEED;
      fitted.set(index, Math.min(MAX_SPEED, Math.ceil(((speed * speech) / room) * 10 - 1e-9) / 10));
    }
  }
  if (fitted.size === 0) return keyed;
  return Promise.all(
    keyed.map(async (cue, index) => {
      const speed = fitted.get(index);
      if (speed === undefined) return cue;
      const faster = await keyCue({narration, cue: {...narration.cues[index]!, speed}, provider, limits});
      return {...faster, fittedSpeed: speed, spokenAtOwnSpeed: cue.clips};
    }),
  );
};

/**
 * Keyed cues by narration, cue, provider and limits: prepare keys a composition's cues to plan
 * them and again for its timeline (the split and the hashes were a tenth of a warm prepare at
 * 400 cues). Narrations are parsed props, never changed once parsed.
 */
const keyedCues = new WeakMap<Narration, WeakMap<NarrationCue, Map<string, Promise<KeyedCue>>>>();

const keyCue = ({narration, cue, provider, limits}: {narration: Narration; cue: NarrationCue; provider: string; limits: ClipLimits}): Promise<KeyedCue> => {
  let byCue = keyedCues.get(narration);
  if (!byCue) keyedCues.set(narration, (byCue = new WeakMap()));
  let byVoice = byCue.get(cue);
  if (!byVoice) byCue.set(cue, (byVoice = new Map()));
  const voiceKey = `${provider}\u0000${limits.maxCharacters}\u0000${limits.maxSpeechInSeconds}`;
  let keyed = byVoice.get(voiceKey);
  if (!keyed) {
    keyed = (async () => {
      const split = splitCue({narration, cue, provider, limits});
      const clips = await Promise.all(split.clips.map(async (clip) => ({...clip, key: await cacheKeyForClip(clip.request)})));
      return {...split, clips, fittedSpeed: null, spokenAtOwnSpeed: []};
    })();
    byVoice.set(voiceKey, keyed);
  }
  return keyed;
};

/** A cue's clips as the timeline places them: measured when stored, estimated otherwise. */
export const placementsOf = (clips: CueClip[], manifest: Manifest): ClipPlacement[] =>
  clips.map(({request, key, writtenText, writtenStart, writtenWords}): ClipPlacement => {
    const stored = manifest.clips[key];
    return {
      key,
      text: request.text,
      writtenText,
      writtenStart,
      writtenWords,
      speed: request.speed,
      stored: stored ? {file: clipFileForKey(key), audio: stored.audio, wordTiming: stored.wordTiming, loudness: stored.loudness} : null,
      moderationReason: manifest.moderated[key]?.reason ?? null,
    };
  });

/** Each slot of a timeline with the indexes of its first and last cue. */
const slotsOf = (timeline: NarrationTimeline) =>
  timeline.cues.flatMap((cue, index) => (cue.slot ? [{first: index, last: index + cue.slot.cueIds.length - 1, slot: cue.slot}] : []));
