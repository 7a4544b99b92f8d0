import {useContext, useMemo} from 'react';
import type {NarrationTimeline, TimelineCue} from '../core/timeline.ts';
import {memoPerObject} from './memo-per-object.ts';
import {NarrationContext} from './narration-context.ts';

/** The timeline of the surrounding `<Narration>`. */
export const useNarrationTimeline = (): NarrationTimeline => {
  const timeline = useContext(NarrationContext);
  if (timeline === null) {
    throw new Error('useNarrationCue() and useNarrationTimeline() must be used inside <Narration timeline={...}>.');
  }
  return timeline;
};

/** Property names that code inspecting an object may read without meaning a bookmark. */
const NOT_MARK_NAMES = new Set(['then', 'toJSON', 'constructor', 'valueOf', 'toString', 'inspect', 'asymmetricMatch', 'nodeType', '$$typeof']);

/** A timeline's cues by id: every `useNarrationCue` of every frame is then one lookup, not a scan. */
const cuesById = memoPerObject((timeline: NarrationTimeline) => new Map(timeline.cues.map((cue) => [cue.id, cue])));

/**
 * Where a cue's speech sits in the composition, so a visual can follow the voice:
 * `const {startFrame, durationInFrames, clips, marks} = useNarrationCue('intro')`.
 * - `startFrame` / `durationInFrames`: from the frame its speech starts to the end of its speech
 *   (or of `minDurationInSeconds`);
 * - `clips`: each clip's written text and speech frames (a long cue is several clips, split at
 *   sentence ends), and its `words` with their times;
 * - `marks.chart`: the frame where the word after `<mark name="chart"/>` starts. Asking for a mark
 *   the cue does not have throws a message that lists the ones it has.
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
