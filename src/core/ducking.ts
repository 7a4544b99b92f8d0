import type {NarrationTimeline} from './timeline.ts';

export type DuckingOptions = {
  /** Volume of the music under speech, 0 to 1. Default 0.2 (−14 dB). */
  duckedVolume?: number;
  /** Volume between cues. Default 1. */
  volume?: number;
  /** How long the music takes to go down before speech starts. Default 0.75 s. */
  attackInSeconds?: number;
  /** How long it takes to come back up after speech ends. Default 1 s. */
  releaseInSeconds?: number;
  /**
   * The music's integrated loudness in LUFS (`npx remotion-narration loudness music.mp3`). With it,
   * the music's levels are set in LU under the speech's loudness instead of by `volume` and
   * `duckedVolume`: `musicUnderSpeechLu` while anyone speaks, `musicBetweenCuesLu` between cues.
   */
  musicLufs?: number;
  /** How far under the speech the music sits while anyone speaks, in LU. Default 18. */
  musicUnderSpeechLu?: number;
  /** How far under the speech it sits between cues, in LU. Default 8. */
  musicBetweenCuesLu?: number;
};

export const DEFAULT_MUSIC_UNDER_SPEECH_LU = 18;
export const DEFAULT_MUSIC_BETWEEN_CUES_LU = 8;

/**
 * The music's `volume` and `duckedVolume` (linear gains) that put it `musicBetweenCuesLu` and
 * `musicUnderSpeechLu` under speech at `speechLufs`; the options as given when there is no
 * `musicLufs` or the speech's loudness is not known.
 */
export const musicLevels = (
  {musicLufs, musicUnderSpeechLu = DEFAULT_MUSIC_UNDER_SPEECH_LU, musicBetweenCuesLu = DEFAULT_MUSIC_BETWEEN_CUES_LU, volume, duckedVolume}: DuckingOptions,
  speechLufs: number | null,
): {volume?: number; duckedVolume?: number} =>
  musicLufs === undefined || speechLufs === null
    ? {volume, duckedVolume}
    : {volume: 10 ** ((speechLufs - musicBetweenCuesLu - musicLufs) / 20), duckedVolume: 10 ** ((speechLufs - musicUnderSpeechLu - musicLufs) / 20)};

/** Quietest level a ramp is computed in (−60 dB): a duckedVolume of 0 fades to it, then cuts. */
const FLOOR = 0.001;

/**
 * The music volume at each moment: `duckedVolume` while anyone speaks (the speech itself, not the
 * silent ends of the files), going down over `attackInSeconds` before speech and back up over
 * `releaseInSeconds` after it; `volume` between cues. Speech windows closer than a ramp stay
 * ducked in between. Pure maths, for `<Audio volume={...}>`.
 *
 * The ramps are straight lines in decibels: Remotion applies a volume once per video frame (and
 * ffmpeg once per decoded chunk of the music), so the music's gain moves in steps, and equal
 * steps in dB are the least audible (0.62 dB per frame for the default attack at 30 fps, where a
 * linear ramp would take 2-3 dB steps near the bottom). A hard switch is one 14 dB step: a click.
 */
export const duckingVolume = (
  timeline: NarrationTimeline,
  {duckedVolume = 0.2, volume = 1, attackInSeconds = 0.75, releaseInSeconds = 1}: DuckingOptions = {},
): ((seconds: number) => number) => {
  const windows: [number, number][] = [];
  for (const clip of timeline.cues.flatMap((cue) => cue.clips)) {
    const start = clip.speechStartInSeconds;
    const end = clip.speechEndInSeconds;
    const last = windows.at(-1);
    if (last && start - last[1] < attackInSeconds + releaseInSeconds) last[1] = Math.max(last[1], end);
    else windows.push([start, end]);
  }
  const ratio = Math.max(FLOOR, duckedVolume) / Math.max(FLOOR, volume);
  return (seconds) => {
    // The windows are sorted and apart: only the last one to start and the next one matter
    // (the nearest release and the nearest attack), found by binary search.
    let low = 0;
    let high = windows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (windows[middle]![0] <= seconds) low = middle + 1;
      else high = middle;
    }
    const before = windows[low - 1];
    const after = windows[low];
    if (before && seconds <= before[1]) return duckedVolume;
    // How far down the music is, 0 (not at all) to 1 (fully ducked).
    const release = before ? 1 - (seconds - before[1]) / releaseInSeconds : 0;
    const attack = after ? 1 - (after[0] - seconds) / attackInSeconds : 0;
    const depth = Math.min(1, Math.max(0, release, attack));
    return depth === 0 ? volume : volume * ratio ** depth;
  };
};
