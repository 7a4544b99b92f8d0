import {useMemo} from 'react';
import {duckingVolume, musicLevels, type DuckingOptions} from '../core/ducking.ts';
import {useNarrationContext, useNarrationTimeline} from './use-narration-cue.ts';

/**
 * A volume function for background music that dips under the narration's speech and recovers
 * between cues: `<Html5Audio src={music} volume={useNarrationDucking()} />`. With `musicLufs`
 * (the music's loudness: `npx remotion-narration loudness music.mp3`), the music sits
 * `musicUnderSpeechLu` (18) under the speech while anyone speaks and `musicBetweenCuesLu` (8)
 * under it between cues, whatever the file's level: the speech is where `<Narration>` levels it.
 * Remotion calls it with the frame counted from the start of the audio's own sequence, and the
 * hook counts from the start of the sequence it is called in: when the music starts later than
 * that, pass how much later as `fromFrame`; when it loops, add `loopVolumeCurveBehavior="extend"`
 * so the frames keep counting across the loops. Inside `<Narration>`.
 */
export const useNarrationDucking = ({fromFrame = 0, ...options}: DuckingOptions & {fromFrame?: number} = {}): ((frame: number) => number) => {
  const timeline = useNarrationTimeline();
  const {speechLufs} = useNarrationContext('useNarrationDucking()');
  const {duckedVolume, volume} = musicLevels(options, speechLufs);
  const {attackInSeconds, releaseInSeconds} = options;
  return useMemo(() => {
    const at = duckingVolume(timeline, {duckedVolume, volume, attackInSeconds, releaseInSeconds});
    return (frame: number) => at((frame + fromFrame) / timeline.fps);
  }, [timeline, fromFrame, duckedVolume, volume, attackInSeconds, releaseInSeconds]);
};
