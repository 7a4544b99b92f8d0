import type {NarrationTimeline, TimelineClip, TimelineCue} from './timeline.ts';

/** A clip of the timeline, with its cue and its place in the schedule (a stable React key). */
export type ScheduledClip = {cue: TimelineCue; clip: TimelineClip; index: number};

/** The timeline's clips by start frame, indexed so the clips near a frame are found without a scan. */
export type ClipSchedule = {
  clips: ScheduledClip[];
  /** `latestEndFrame[i]`: the latest end (exclusive) of `clips[0..i]`. Files may overlap where they are silent. */
  latestEndFrame: number[];
};

/** The schedule of a timeline's clips: once per timeline, O(n log n). */
export const clipSchedule = (timeline: NarrationTimeline): ClipSchedule => {
  const clips = timeline.cues
    .flatMap((cue) => cue.clips.map((clip) => ({cue, clip})))
    .sort((a, b) => a.clip.startFrame - b.clip.startFrame)
    .map((entry, index) => ({...entry, index}));
  let latest = -Infinity;
  const latestEndFrame = clips.map(({clip}) => (latest = Math.max(latest, clip.startFrame + clip.durationInFrames)));
  return {clips, latestEndFrame};
};

/**
 * The clips that play at `frame` or start within `premountFrames` after it, in start order:
 * `startFrame - premountFrames <= frame < startFrame + durationInFrames`. A binary search, then a
 * walk back over the clips that may still be playing: O(log n + clips found).
 */
export const clipsNearFrame = (schedule: ClipSchedule, {frame, premountFrames = 0}: {frame: number; premountFrames?: number}): ScheduledClip[] => {
  const {clips, latestEndFrame} = schedule;
  // The last clip that starts at or before frame + premountFrames.
  let low = 0;
  let high = clips.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (clips[middle]!.clip.startFrame <= frame + premountFrames) low = middle + 1;
    else high = middle;
  }
  const near: ScheduledClip[] = [];
  for (let index = low - 1; index >= 0 && latestEndFrame[index]! > frame; index--) {
    const entry = clips[index]!;
    if (entry.clip.startFrame + entry.clip.durationInFrames > frame) near.push(entry);
  }
  return near.reverse();
};
