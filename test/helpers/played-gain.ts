import {cueGainInDb} from '../../src/core/loudness/narration-gain.ts';
import type {TimelineCue} from '../../src/core/timeline.ts';

/**
 * The linear gain `<Narration>` plays a cue at by default (leveled to -16 LUFS, true peak at most
 * -1 dBTP): what a level measured on a file becomes in the render. A silence threshold crossed
 * at some point of a file is crossed at the same point in the render at this times the threshold.
 */
export const playedGain = (cue: TimelineCue): number => 10 ** (cueGainInDb(cue) / 20);
