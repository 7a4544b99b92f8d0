import type {NarrationTimeline, TimelineCue} from '../timeline.ts';
import {cueLoudness, powerMeanLufs} from './narration-gain.ts';

/** How loud a voice comes out of the speech service, over every measured cue it speaks. */
export type VoiceLoudness = {
  speakerId: string;
  /** The cues measured so far (their clips stored), over which `loudnessLufs` is taken. */
  cues: number;
  loudnessLufs: number | null;
};

/** A spoken cue's loudness as a part of a power mean (see `powerMeanLufs`); null while not measured. */
const partOf = (cue: TimelineCue) => {
  const {loudnessLufs} = cueLoudness(cue);
  return loudnessLufs === null ? null : {lufs: loudnessLufs, seconds: cue.speechEndInSeconds - cue.speechStartInSeconds};
};

/**
 * Each voice's loudness as the service made it: the power mean of its measured cues, weighted by
 * their speech. What `<Narration>` levels; prepare reports it so a voice far from the others shows.
 */
export const loudnessPerVoice = (timelines: readonly NarrationTimeline[]): VoiceLoudness[] => {
  const voices = new Map<string, TimelineCue[]>();
  for (const cue of timelines.flatMap((timeline) => timeline.cues)) {
    if (!cue.silent) voices.set(cue.voice.speakerId, [...(voices.get(cue.voice.speakerId) ?? []), cue]);
  }
  return [...voices].map(([speakerId, cues]) => {
    const parts = cues.map(partOf).filter((part) => part !== null);
    return {speakerId, cues: parts.length, loudnessLufs: powerMeanLufs(parts)};
  });
};

/** The whole narration's speech loudness as the clips are (all voices, unleveled); null while nothing is measured. */
export const speechLoudnessLufs = (timeline: NarrationTimeline): number | null =>
  powerMeanLufs(timeline.cues.filter((cue) => !cue.silent).map(partOf).filter((part) => part !== null));
