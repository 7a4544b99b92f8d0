import {SILENCE_THRESHOLD} from '../../src/node/mp3/measure-mp3.ts';
import type {NarrationTimeline, TimelineCue} from '../../src/core/timeline.ts';
import {ANALYSIS_SAMPLE_RATE, firstLoudSample} from './rendered-audio.ts';
import {playedGain} from './played-gain.ts';
import {timelineClips} from './timeline-clips.ts';

/** The linear gain a cue plays at in the render. */
type GainOf = (cue: TimelineCue) => number;

/** Longest stretch of a pause searched on either side of a planned edge, in seconds. */
const SEARCH_MARGIN_IN_SECONDS = 0.02;

/**
 * For each clip of the timeline, in order: the time between where its speech is planned to start
 * (`speechStartInSeconds`: its file's start frame, minus the skipped frames, plus the file's own
 * measured leading silence) and where sound starts in the render. The search starts just after
 * the previous clip's planned speech end, inside the silent pause. The silence threshold follows
 * the gain the clip plays at (`gainOf`: by default `<Narration>`'s leveling).
 * @throws Error when no sound is found within 0.5 s after the planned start.
 */
export const onsetErrorsInSeconds = (timeline: NarrationTimeline, samples: Float32Array, {gainOf = playedGain}: {gainOf?: GainOf} = {}) => {
  const clips = timelineClips(timeline);
  const cues = new Map(timeline.cues.map((cue) => [cue.id, cue]));
  return clips.map(({cueId, clipIndex, clip}, index) => {
    const expected = clip.speechStartInSeconds;
    const previousEnd = clips[index - 1]?.clip.speechEndInSeconds;
    const searchFrom = previousEnd === undefined ? 0 : previousEnd + Math.min(SEARCH_MARGIN_IN_SECONDS, (expected - previousEnd) / 2);
    const found = firstLoudSample(
      samples,
      Math.floor(searchFrom * ANALYSIS_SAMPLE_RATE),
      Math.ceil((expected + 0.5) * ANALYSIS_SAMPLE_RATE),
      SILENCE_THRESHOLD * gainOf(cues.get(cueId)!),
    );
    if (found === -1) {
      throw new Error(`No sound found for cue ${cueId} (clip ${clipIndex}) near ${expected.toFixed(3)} s.`);
    }
    return {cueId, clipIndex, key: clip.key, errorInSeconds: found / ANALYSIS_SAMPLE_RATE - expected};
  });
};
