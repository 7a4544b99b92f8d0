import type {NarrationTimeline} from './timeline.ts';

export type DuckingOptions = {
  /** Volume of the music under speech, 0 to 1. Default 0.2 (−14 dB). */
  duckedVolume?: number;
  /** Volume between cues. Default 1. */
  volume?: number;
  /** How long the music takes to go down before speech starts. Default 0.4 s. */
  attackInSeconds?: number;
  /** How long it takes to come back up after speech ends. Default 0.8 s. */
  releaseInSeconds?: number;
};

/** Half a cosine from 0 to 1: no corner at either end of a ramp. */
const ease = (x: number) => (1 - Math.cos(Math.PI * Math.min(1, Math.max(0, x)))) / 2;

/**
 * The music volume at each moment: `duckedVolume` while anyone speaks (the speech itself, not the
 * silent ends of the files), going down over `attackInSeconds` before speech and back up over
 * `releaseInSeconds` after it; `volume` between cues. Speech windows closer than a ramp stay
 * ducked in between. Pure maths, for `<Audio volume={...}>`.
 */
export const duckingVolume = (
  timeline: NarrationTimeline,
  {duckedVolume = 0.2, volume = 1, attackInSeconds = 0.4, releaseInSeconds = 0.8}: DuckingOptions = {},
): ((seconds: number) => number) => {
  const windows: [number, number][] = [];
  for (const clip of timeline.cues.flatMap((cue) => cue.clips)) {
    const start = clip.speechStartInSeconds;
    const end = clip.speechEndInSeconds;
    const last = windows.at(-1);
    if (last && start - last[1] < attackInSeconds + releaseInSeconds) last[1] = Math.max(last[1], end);
    else windows.push([start, end]);
  }
  return (seconds) => {
    // How far down the music is: 1 under speech, 0 far from it.
    let depth = 0;
    for (const [start, end] of windows) {
      if (seconds >= start && seconds <= end) return duckedVolume;
      if (seconds < start) depth = Math.max(depth, ease(1 - (start - seconds) / attackInSeconds));
      else depth = Math.max(depth, ease(1 - (seconds - end) / releaseInSeconds));
    }
    return volume + (duckedVolume - volume) * depth;
  };
};
