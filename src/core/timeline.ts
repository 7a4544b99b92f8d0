import type {ClipAudio} from './manifest-schema.ts';
import {estimateSpeechInSeconds} from './text/estimate-speech.ts';
import {
  DEFAULT_GAP_IN_SECONDS,
  DEFAULT_LEAD_IN_IN_SECONDS,
  DEFAULT_TAIL_IN_SECONDS,
  type Narration,
} from './narration-schema.ts';

export type TimelineClip = {
  key: string;
  /** Path inside `public/`; null while the clip is not generated yet. */
  file: string | null;
  startFrame: number;
  durationInFrames: number;
  /** Measured, or estimated from the text while `file` is null. */
  durationInSeconds: number;
  leadingSilenceInSeconds: number;
  trailingSilenceInSeconds: number;
  /** Why the service refused this clip's text, when it did. */
  moderationReason: string | null;
};

export type TimelineCue = {
  id: string;
  text: string;
  startFrame: number;
  /** Frames from the first clip's start to the last clip's end; the pause after is not included. */
  durationInFrames: number;
  /**
   * `missing`: at least one clip is not generated yet and its length is estimated;
   * `moderated`: the service refused the text (see the clip's `moderationReason`).
   */
  status: 'ready' | 'missing' | 'moderated';
  clips: TimelineClip[];
};

export type NarrationTimeline = {
  fps: number;
  durationInFrames: number;
  cues: TimelineCue[];
};

/** A clip as the timeline needs it: its key and, once generated, its file and measured audio. */
export type ClipPlacement = {
  key: string;
  /** Normalized text and speed, for estimating a missing clip's length. */
  text: string;
  speed: number;
  stored: {file: string; audio: ClipAudio} | null;
  /** The service's reason, when it refused the text. */
  moderationReason?: string | null;
};

/** Shortest length given to a clip not generated yet, at speed 1. */
const MINIMUM_ESTIMATE_IN_SECONDS = 0.5;

/** The length of a clip not generated yet: its estimated speech, at least half a second. */
const estimateClipInSeconds = ({text, speed}: {text: string; speed: number}): number =>
  Math.max(MINIMUM_ESTIMATE_IN_SECONDS / speed, estimateSpeechInSeconds({text, speed}));

/**
 * Whole frames that cover `seconds`, rounding up so no audio is ever cut. The small tolerance
 * keeps float noise (0.1 * 30 = 3.0000000000000004) from adding a frame.
 */
export const secondsToFramesRoundingUp = (seconds: number, fps: number): number =>
  Math.max(0, Math.ceil(seconds * fps - 1e-6));

/**
 * Lays the cues out one after another: lead-in, then each cue's clips back to back, the cue's
 * pause (or the narration's gap) between cues, and the tail after the last one.
 * Pure maths: `clips[i]` are the placements of `narration.cues[i]`.
 */
export const buildTimeline = ({
  narration,
  clips,
  fps,
}: {
  narration: Narration;
  clips: ClipPlacement[][];
  fps: number;
}): NarrationTimeline => {
  if (!Number.isFinite(fps) || fps <= 0) {
    throw new TypeError(`fps must be a positive number, but got ${fps}.`);
  }
  let cursor = secondsToFramesRoundingUp(narration.leadInInSeconds ?? DEFAULT_LEAD_IN_IN_SECONDS, fps);
  const cues: TimelineCue[] = narration.cues.map((cue, index) => {
    const placements = clips[index] ?? [];
    const startFrame = cursor;
    const timelineClips = placements.map((placement): TimelineClip => {
      const durationInSeconds = placement.stored?.audio.durationInSeconds ?? estimateClipInSeconds(placement);
      const clip: TimelineClip = {
        key: placement.key,
        file: placement.stored?.file ?? null,
        startFrame: cursor,
        durationInFrames: Math.max(1, secondsToFramesRoundingUp(durationInSeconds, fps)),
        durationInSeconds,
        leadingSilenceInSeconds: placement.stored?.audio.leadingSilenceInSeconds ?? 0,
        trailingSilenceInSeconds: placement.stored?.audio.trailingSilenceInSeconds ?? 0,
        moderationReason: placement.stored ? null : (placement.moderationReason ?? null),
      };
      cursor += clip.durationInFrames;
      return clip;
    });
    const isLast = index === narration.cues.length - 1;
    if (!isLast) {
      cursor += secondsToFramesRoundingUp(cue.pauseAfterInSeconds ?? narration.gapInSeconds ?? DEFAULT_GAP_IN_SECONDS, fps);
    }
    return {
      id: cue.id,
      text: cue.text,
      startFrame,
      durationInFrames: timelineClips.reduce((sum, clip) => sum + clip.durationInFrames, 0),
      status: timelineClips.some((clip) => clip.moderationReason !== null)
        ? 'moderated'
        : timelineClips.every((clip) => clip.file !== null)
          ? 'ready'
          : 'missing',
      clips: timelineClips,
    };
  });
  cursor += secondsToFramesRoundingUp(narration.tailInSeconds ?? DEFAULT_TAIL_IN_SECONDS, fps);
  return {fps, durationInFrames: Math.max(1, cursor), cues};
};
