import type {TimelineCue} from '../timeline.ts';

/** How `<Narration>` levels the speech: each cue's gain brings it to `targetLufs`, peaks kept under the ceiling. */
export type LoudnessOptions = {
  /**
   * The loudness every cue's speech is brought to, in LUFS. Default -16 (web video and podcasts);
   * -14 for YouTube-style delivery, -23 for broadcast (EBU R 128).
   */
  targetLufs?: number;
  /** No cue is raised so far that its true peak passes this, in dBTP: it wins over the target. Default -1. */
  truePeakCeilingDbtp?: number;
};

export const DEFAULT_TARGET_LUFS = -16;
export const DEFAULT_TRUE_PEAK_CEILING_DBTP = -1;

/**
 * The loudness of parts of known loudness heard one after another: their power mean, weighted by
 * length (what BS.1770 integrates, gating aside). Null when there is none.
 */
export const powerMeanLufs = (parts: readonly {lufs: number; seconds: number}[]): number | null => {
  let power = 0;
  let seconds = 0;
  for (const part of parts) {
    const weight = Math.max(1e-3, part.seconds);
    power += weight * 10 ** (part.lufs / 10);
    seconds += weight;
  }
  return seconds > 0 ? 10 * Math.log10(power / seconds) : null;
};

/** Computed once per cue object: `<Narration>` asks on every frame. */
const loudnessOfCue = new WeakMap<TimelineCue, {loudnessLufs: number | null; truePeakDbtp: number | null}>();

/**
 * A cue's speech loudness (LUFS) and true peak (dBTP) from its clips': the clips' loudness as a
 * power mean weighted by their speech's length, and the highest peak. Null while any clip is not
 * measured (not generated yet, or stored by a version that did not measure it).
 */
export const cueLoudness = (cue: TimelineCue): {loudnessLufs: number | null; truePeakDbtp: number | null} => {
  let known = loudnessOfCue.get(cue);
  if (!known) {
    const measured = cue.clips.length > 0 && cue.clips.every((clip) => clip.loudnessLufs !== null);
    const peaks = cue.clips.map((clip) => clip.truePeakDbtp).filter((peak) => peak !== null);
    known = measured
      ? {
          loudnessLufs: powerMeanLufs(cue.clips.map((clip) => ({lufs: clip.loudnessLufs!, seconds: clip.speechEndInSeconds - clip.speechStartInSeconds}))),
          truePeakDbtp: peaks.length > 0 ? Math.max(...peaks) : null,
        }
      : {loudnessLufs: null, truePeakDbtp: null};
    loudnessOfCue.set(cue, known);
  }
  return known;
};

/**
 * The gain, in dB, that brings a cue's speech to `targetLufs`, lowered so that its true peak stays
 * at or under `truePeakCeilingDbtp`. One gain for all the clips of a cue, so the sentences of a
 * paragraph keep their own levels. 0 for a cue not measured.
 */
export const cueGainInDb = (cue: TimelineCue, {targetLufs = DEFAULT_TARGET_LUFS, truePeakCeilingDbtp = DEFAULT_TRUE_PEAK_CEILING_DBTP}: LoudnessOptions = {}): number => {
  const {loudnessLufs, truePeakDbtp} = cueLoudness(cue);
  if (loudnessLufs === null) return 0;
  const toTarget = targetLufs - loudnessLufs;
  return truePeakDbtp === null ? toTarget : Math.min(toTarget, truePeakCeilingDbtp - truePeakDbtp);
};
