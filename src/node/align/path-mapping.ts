import type {WarpPath} from './dtw.ts';
import type {FeatureFrames} from './mfcc.ts';

/**
 * The target frame a reference frame maps to through the warping path. The path often pairs one
 * reference frame with a run of target frames; this picks the one most like the reference frame
 * (ties to the earliest). Not the run's first frame: where the target has something the reference
 * lacks (a breath), the path pairs the reference's word-onset frame with all of it, and the word
 * starts at its end, not its beginning.
 *
 * With `afterPause` (per target frame, 1 where a pause was taken out just before it), a run that
 * crosses a pause maps to the frame after the (last) pause: the frames mapped are word boundaries,
 * and a pause the path crossed at a boundary lies between the two words. Most like the reference
 * frame instead put a short word ("a", in "how | a small team") before the pause.
 */
export const mapFrame = ({
  path,
  frame,
  reference,
  target,
  afterPause,
}: {
  path: WarpPath;
  frame: number;
  reference: FeatureFrames;
  target: FeatureFrames;
  afterPause?: Uint8Array;
}): number => {
  const i = Math.min(path.first.length - 1, Math.max(0, frame));
  const from = path.first[i]!;
  const to = path.last[i]!;
  if (to <= from) return from;
  if (afterPause) {
    for (let j = to; j >= from; j--) if (afterPause[j] === 1) return j;
  }
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
