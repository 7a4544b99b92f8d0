import {useContext, useMemo} from 'react';
import {Internals} from 'remotion';
import {shiftTimeline} from '../core/shift-timeline.ts';
import type {NarrationTimeline, TimelineCue, TimelineScene} from '../core/timeline.ts';
import {memoPerObject} from './memo-per-object.ts';
import {NarrationContext, type NarrationContextValue} from './narration-context.ts';

/**
 * Where the enclosing `<Sequence>` starts, in composition frames, and how many of its frames pass
 * per composition frame: what `useCurrentFrame()` subtracts and multiplies by there.
 */
export const useSequenceStart = (): {startFrame: number; playbackRate: number} => {
  const sequence = useContext(Internals.SequenceContext);
  return {startFrame: sequence ? sequence.cumulatedFrom + sequence.relativeFrom : 0, playbackRate: sequence?.playbackRate ?? 1};
};

/** The context of the surrounding `<Narration>`, or a sentence saying where the hook must go. */
export const useNarrationContext = (hook: string): NarrationContextValue => {
  const context = useContext(NarrationContext);
  if (context === null) {
    throw new Error(`${hook} must be used inside <Narration timeline={...}>.`);
  }
  return context;
};

/** Each timeline's shifted copies, by offset: hooks of one scene share one. */
const shiftedCopies = memoPerObject((_timeline: NarrationTimeline) => new Map<string, NarrationTimeline>());

/**
 * The timeline of the surrounding `<Narration>`, in the frames of the component that calls it:
 * inside a `<Sequence>` (a `<Series.Sequence>`, a `<TransitionSeries.Sequence>`), every frame and
 * time counts from that sequence's start, as `useCurrentFrame()` does there; at the top of the
 * composition, from frame 0.
 */
export const useNarrationTimeline = (): NarrationTimeline => {
  const {timeline, originFrame} = useNarrationContext('useNarrationTimeline(), useNarrationCue() and the other narration hooks');
  const {startFrame, playbackRate} = useSequenceStart();
  const frames = startFrame - originFrame;
  const copies = shiftedCopies(timeline);
  const key = `${frames}@${playbackRate}`;
  let shifted = copies.get(key);
  if (!shifted) {
    shifted = shiftTimeline(timeline, {frames, playbackRate});
    copies.set(key, shifted);
  }
  return shifted;
};

/** Property names that code inspecting an object may read without meaning a bookmark. */
const NOT_MARK_NAMES = new Set(['then', 'toJSON', 'constructor', 'valueOf', 'toString', 'inspect', 'asymmetricMatch', 'nodeType', '$$typeof']);

/** A timeline's cues by id: every `useNarrationCue` of every frame is then one lookup, not a scan. */
const cuesById = memoPerObject((timeline: NarrationTimeline) => new Map(timeline.cues.map((cue) => [cue.id, cue])));

/**
 * Where a cue's speech sits, so a visual can follow the voice:
 * `const {startFrame, durationInFrames, clips, marks} = useNarrationCue('intro')`. Frames count
 * as `useCurrentFrame()` does where it is called (from the start of the enclosing `<Sequence>`).
 * - `startFrame` / `durationInFrames`: from the frame its speech starts to the end of its speech
 *   (or of `minDurationInSeconds`); for a silent cue, its silence;
 * - `clips`: each clip's written text and speech frames (a long cue is several clips, split at
 *   sentence ends), and its `words` with their times;
 * - `marks.chart`: the frame where the word after `<mark name="chart"/>` starts. Asking for a mark
 *   the cue does not have throws a message that lists the ones it has;
 * - `voice`, `scene`, `language`: who speaks it and how, its scene.
 * @throws if no cue has this id (the message lists the ids there are).
 */
export const useNarrationCue = (id: string): TimelineCue => {
  const timeline = useNarrationTimeline();
  const cue = cuesById(timeline).get(id);
  if (!cue) {
    const ids = timeline.cues.map((candidate) => `"${candidate.id}"`).join(', ');
    throw new Error(`useNarrationCue("${id}"): the narration has no cue with this id. Its cues are: ${ids || 'none'}.`);
  }
  return useMemo(() => ({...cue, marks: strictMarks(cue)}), [cue]);
};

/**
 * A scene of a narration written as `scenes`: `startFrame` and `durationInFrames` for its
 * `<Series.Sequence>` (`transitionInFrames` for the `<TransitionSeries.Transition>` before it),
 * and its cues. Frames count as `useCurrentFrame()` does where it is called: call it at the top
 * of the composition, outside the scene's own sequence, to lay the scenes out.
 * @throws if the narration has no scene with this id (the message lists its scenes).
 */
export const useNarrationScene = (id: string): TimelineScene & {cues: TimelineCue[]} => {
  const timeline = useNarrationTimeline();
  const scene = timeline.scenes.find((candidate) => candidate.id === id);
  if (!scene) {
    const ids = timeline.scenes.map((candidate) => `"${candidate.id}"`).join(', ');
    throw new Error(
      `useNarrationScene("${id}"): the narration has no scene with this id. ${ids ? `Its scenes are: ${ids}.` : 'It has no scenes: write them in `narration.scenes`, and give each cue its `scene`.'}`,
    );
  }
  return useMemo(() => ({...scene, cues: timeline.cues.filter((cue) => cue.scene === id)}), [scene, timeline, id]);
};

/** `marks` that throw on a name the cue does not have, instead of quietly giving `undefined`. */
const strictMarks = (cue: TimelineCue): Record<string, number> =>
  new Proxy(cue.marks, {
    get: (marks, name) => {
      if (typeof name !== 'string' || name in marks || NOT_MARK_NAMES.has(name) || name.startsWith('@@') || name.startsWith('_')) {
        return Reflect.get(marks, name);
      }
      const names = Object.keys(marks).map((mark) => `"${mark}"`);
      throw new Error(
        `useNarrationCue("${cue.id}").marks.${name}: the cue has no <mark name="${name}"/>. ${names.length ? `Its marks are: ${names.join(', ')}.` : 'It has no marks: write <mark name="..."/> in its text before the word that should start it.'}`,
      );
    },
  });
