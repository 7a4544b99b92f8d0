import {SILENCE_THRESHOLD} from '../../src/node/mp3/measure-mp3.ts';
import type {NarrationTimeline, TimelineCue} from '../../src/core/timeline.ts';
import {ANALYSIS_SAMPLE_RATE, lastLoudSample} from './rendered-audio.ts';
import {playedGain} from './played-gain.ts';
import {timelineClips} from './timeline-clips.ts';

/** The linear gain a cue plays at in the render. */
type GainOf = (cue: TimelineCue) => number;

/** Longest stretch of a pause searched on either side of a planned edge, in seconds. */
const SEARCH_MARGIN_IN_SECONDS = 0.02;
/** How far past its planned end the last clip is searched, in seconds. */
const AFTER_LAST_IN_SECONDS = 0.5;

/**
 * For each clip of the timeline, in order: the time between where its speech is planned to end
 * (`speechEndInSeconds`) and where its sound ends in the render (just after the last sample above
 * the silence threshold before the next clip's planned speech start). A clip a player cut short
 * ends early: a negative error as long as the speech it lost. The silence threshold follows the
 * gain the clip plays at (`gainOf`: by default `<Narration>`'s leveling).
 * @throws Error when no sound is found between the clip's planned start and end.
 */
export const endErrorsInSeconds = (timeline: NarrationTimeline, samples: Float32Array, {gainOf = playedGain}: {gainOf?: GainOf} = {}) => {
  const clips = timelineClips(timeline);
  const cues = new Map(timeline.cues.map((cue) => [cue.id, cue]));
  return clips.map(({cueId, clipIndex, clip}, index) => {
    const expected = clip.speechEndInSeconds;
    const nextStart = clips[index + 1]?.clip.speechStartInSeconds;
    const searchTo = nextStart === undefined ? expected + AFTER_LAST_IN_SECONDS : nextStart - Math.min(SEARCH_MARGIN_IN_SECONDS, (nextStart - expected) / 2);
    const found = lastLoudSample(
      samples,
      Math.floor(clip.speechStartInSeconds * ANALYSIS_SAMPLE_RATE),
      Math.ceil(searchTo * ANALYSIS_SAMPLE_RATE),
      SILENCE_THRESHOLD * gainOf(cues.get(cueId)!),
    );
    if (found === -1) {
      throw new Error(`No sound found for cue ${cueId} (clip ${clipIndex}) between ${clip.speechStartInSeconds.toFixed(3)} s and ${searchTo.toFixed(3)} s.`);
    }
    // The speech ends after its last loud sample, as the store measures it.
    return {cueId, clipIndex, key: clip.key, errorInSeconds: (found + 1) / ANALYSIS_SAMPLE_RATE - expected};
  });
};
