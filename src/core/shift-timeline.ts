import type {NarrationTimeline, TimelineClip, TimelineCue, TimelineWord} from './timeline.ts';

/**
 * A timeline as seen from inside a `<Sequence>` that starts `frames` after the timeline's frame
 * 0 (and plays `playbackRate` local frames per frame): every frame and time counted from the
 * sequence's start, as `useCurrentFrame()` counts there. Frames before it are negative.
 */
export const shiftTimeline = (timeline: NarrationTimeline, {frames, playbackRate = 1}: {frames: number; playbackRate?: number}): NarrationTimeline => {
  if (frames === 0 && playbackRate === 1) return timeline;
  const frame = (value: number) => (value - frames) * playbackRate;
  const seconds = (value: number) => (value - frames / timeline.fps) * playbackRate;
  const word = (each: TimelineWord): TimelineWord => ({
    ...each,
    startInSeconds: seconds(each.startInSeconds),
    endInSeconds: seconds(each.endInSeconds),
    startFrame: frame(each.startFrame),
  });
  const clip = (each: TimelineClip): TimelineClip => ({
    ...each,
    startFrame: frame(each.startFrame),
    durationInFrames: each.durationInFrames * playbackRate,
    speechStartInSeconds: seconds(each.speechStartInSeconds),
    speechEndInSeconds: seconds(each.speechEndInSeconds),
    speechStartFrame: frame(each.speechStartFrame),
    speechEndFrame: frame(each.speechEndFrame),
    words: each.words.map(word),
  });
  const cue = (each: TimelineCue): TimelineCue => ({
    ...each,
    startFrame: frame(each.startFrame),
    durationInFrames: each.durationInFrames * playbackRate,
    speechEndFrame: frame(each.speechEndFrame),
    speechStartInSeconds: seconds(each.speechStartInSeconds),
    speechEndInSeconds: seconds(each.speechEndInSeconds),
    clips: each.clips.map(clip),
    marks: Object.fromEntries(Object.entries(each.marks).map(([name, at]) => [name, frame(at)])),
    slot: each.slot && {
      ...each.slot,
      startInSeconds: seconds(each.slot.startInSeconds),
      endInSeconds: seconds(each.slot.endInSeconds),
      naturalLengthInSeconds: each.slot.naturalLengthInSeconds * playbackRate,
      overflowInSeconds: each.slot.overflowInSeconds * playbackRate,
    },
  });
  return {
    ...timeline,
    cues: timeline.cues.map(cue),
    scenes: timeline.scenes.map((scene) => ({
      ...scene,
      startFrame: frame(scene.startFrame),
      durationInFrames: scene.durationInFrames * playbackRate,
      transitionInFrames: scene.transitionInFrames * playbackRate,
    })),
  };
};
