import {SILENCE_THRESHOLD} from '../../src/node/mp3/measure-mp3.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import {ANALYSIS_SAMPLE_RATE, firstLoudSample} from './rendered-audio.ts';

/**
 * For each cue, the time between where its speech is expected (clip start frame plus the clip's
 * own measured leading silence) and where sound starts in the render. The search starts where
 * the previous cue's audio ended, inside the silent gap.
 */
export const onsetErrorsInSeconds = (timeline: NarrationTimeline, samples: Float32Array) =>
  timeline.cues.map((cue, index) => {
    const clip = cue.clips[0]!;
    const expected = clip.startFrame / timeline.fps + clip.leadingSilenceInSeconds;
    const previous = timeline.cues[index - 1]?.clips[0];
    const searchFrom = previous ? previous.startFrame / timeline.fps + previous.durationInSeconds : 0;
    const found = firstLoudSample(
      samples,
      Math.floor(searchFrom * ANALYSIS_SAMPLE_RATE),
      Math.ceil((expected + 0.5) * ANALYSIS_SAMPLE_RATE),
      SILENCE_THRESHOLD,
    );
    if (found === -1) {
      throw new Error(`No sound found for cue ${cue.id} near ${expected.toFixed(3)} s.`);
    }
    return {cueId: cue.id, errorInSeconds: found / ANALYSIS_SAMPLE_RATE - expected};
  });
