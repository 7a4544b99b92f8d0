import {useMemo} from 'react';
import {duckingVolume, type DuckingOptions} from '../core/ducking.ts';
import {useNarrationTimeline} from './use-narration-cue.ts';

/**
 * A volume function for background music that dips under the narration's speech and recovers
 * between cues: `<Html5Audio src={music} volume={useNarrationDucking()} />`. Remotion calls it
 * with the frame counted from the start of the audio's own sequence, and the hook counts from
 * the start of the sequence it is called in: when the music starts later than that, pass how much
 * later as `fromFrame`; when it loops, add `loopVolumeCurveBehavior="extend"` so the frames keep
 * counting across the loops. Inside `<Narration>`.
 */
export const useNarrationDucking = ({fromFrame = 0, ...options}: DuckingOptions & {fromFrame?: number} = {}): ((frame: number) => number) => {
  const timeline = useNarrationTimeline();
  const {duckedVolume, volume, attackInSeconds, releaseInSeconds} = options;
  return useMemo(() => {
    const at = duckingVolume(timeline, {duckedVolume, volume, attackInSeconds, releaseInSeconds});
    return (frame: number) => at((frame + fromFrame) / timeline.fps);
  }, [timeline, fromFrame, duckedVolume, volume, attackInSeconds, releaseInSeconds]);
};
