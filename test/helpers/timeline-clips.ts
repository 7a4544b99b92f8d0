import type {NarrationTimeline, TimelineClip} from '../../src/core/timeline.ts';

/** Every clip of a timeline in playing order, with its cue's id and its index in that cue. */
export const timelineClips = (timeline: NarrationTimeline): {cueId: string; clipIndex: number; clip: TimelineClip}[] =>
  timeline.cues.flatMap((cue) => cue.clips.map((clip, clipIndex) => ({cueId: cue.id, clipIndex, clip})));
