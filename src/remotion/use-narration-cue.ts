import {useContext} from 'react';
import {NarrationContext} from './narration-context.ts';
import type {NarrationTimeline, TimelineCue} from '../core/timeline.ts';

/** The timeline of the surrounding `<Narration>`. */
export const useNarrationTimeline = (): NarrationTimeline => {
  const timeline = useContext(NarrationContext);
  if (timeline === null) {
    throw new Error('useNarrationCue() and useNarrationTimeline() must be used inside <Narration timeline={...}>.');
  }
  return timeline;
};

/**
 * Where a cue sits in the composition, so a visual can follow the voice:
 * `const {startFrame, durationInFrames} = useNarrationCue('intro')`.
 * @throws if no cue has this id (the message lists the ids there are).
 */
export const useNarrationCue = (id: string): TimelineCue => {
  const timeline = useNarrationTimeline();
  const cue = timeline.cues.find((candidate) => candidate.id === id);
  if (!cue) {
    const ids = timeline.cues.map((candidate) => `"${candidate.id}"`).join(', ');
    throw new Error(`useNarrationCue("${id}"): the narration has no cue with this id. Its cues are: ${ids || 'none'}.`);
  }
  return cue;
};
