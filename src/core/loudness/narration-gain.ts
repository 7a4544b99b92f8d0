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
 * A cue's speech loudness (LUFS) and true peak (dBTP) from its clips': the clips' loudness as a
 * power mean weighted by their speech's length, and the highest peak. Null while any clip is not
 * measured (not generated yet, or stored by a version that did not measure it).
 */
export const cueLoudness = (cue: TimelineCue): {loudnessLufs: number | null; truePeakDbtp: number | null} => {
  const clips = cue.clips.filter((clip) => clip.loudnessLufs !== null);
  if (clips.length === 0 || clips.length < cue.clips.length) return {loudnessLufs: null, truePeakDbtp: null};
  let weightedPower = 0;
  let weights = 0;
  for (const clip of clips) {
    const weight = Math.max(1e-3, clip.speechEndInSeconds - clip.speechStartInSeconds);
    weightedPower += weight * 10 ** (clip.loudnessLufs! / 10);
    weights += weight;
  }
  const peaks = clips.map((clip) => clip.truePeakDbtp).filter((peak) => peak !== null);
  return {loudnessLufs: 10 * Math.log10(weightedPower / weights), truePeakDbtp: peaks.length > 0 ? Math.max(...peaks) : null};
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
