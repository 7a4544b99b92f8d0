import type {WarpPath} from './dtw.ts';
import type {FeatureFrames} from './mfcc.ts';

/**
 * The target frame a reference frame maps to through the warping path. The path often pairs one
 * reference frame with a run of target frames; this picks the one most like the reference frame
 * (ties to the earliest). Not the run's first frame: where the target has something the reference
 * lacks (a pause, a breath), the path pairs the reference's word-onset frame with all of it, and
 * the word starts at its end, not its beginning.
 */
export const mapFrame = ({path, frame, reference, target}: {path: WarpPath; frame: number; reference: FeatureFrames; target: FeatureFrames}): number => {
  const i = Math.min(path.first.length - 1, Math.max(0, frame));
  const from = path.first[i]!;
  const to = path.last[i]!;
  if (to <= from) return from;
  const dims = reference.dimensions;
  let best = from;
  let bestDistance = Infinity;
  for (let j = from; j <= to; j++) {
    let distance = 0;
    for (let k = 0; k < dims; k++) {
      const difference = reference.values[i * dims + k]! - target.values[j * dims + k]!;
      distance += difference * difference;
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = j;
    }
  }
  return best;
};
