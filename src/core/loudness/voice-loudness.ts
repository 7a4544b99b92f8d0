import type {NarrationTimeline} from '../timeline.ts';
import {cueLoudness} from './narration-gain.ts';

/** How loud a voice comes out of the speech service, over every measured cue it speaks. */
export type VoiceLoudness = {speakerId: string; cues: number; loudnessLufs: number | null};

/**
 * Each voice's loudness as the service made it: the power mean of its measured cues, weighted by
 * their speech. What `<Narration>` levels; prepare reports it so a voice far from the others shows.
 */
export const loudnessPerVoice = (timelines: readonly NarrationTimeline[]): VoiceLoudness[] => {
  const voices = new Map<string, {cues: number; power: number; seconds: number}>();
  for (const cue of timelines.flatMap((timeline) => timeline.cues)) {
    if (cue.silent) continue;
    const voice = voices.get(cue.voice.speakerId) ?? {cues: 0, power: 0, seconds: 0};
    voice.cues++;
    const {loudnessLufs} = cueLoudness(cue);
    const seconds = Math.max(1e-3, cue.speechEndInSeconds - cue.speechStartInSeconds);
    if (loudnessLufs !== null) {
      voice.power += seconds * 10 ** (loudnessLufs / 10);
      voice.seconds += seconds;
    }
    voices.set(cue.voice.speakerId, voice);
  }
  return [...voices].map(([speakerId, {cues, power, seconds}]) => ({speakerId, cues, loudnessLufs: seconds > 0 ? 10 * Math.log10(power / seconds) : null}));
};
