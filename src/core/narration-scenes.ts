import {DEFAULT_LEAD_IN_IN_SECONDS, DEFAULT_TAIL_IN_SECONDS, type Narration, type NarrationCue, type NarrationScene} from './narration-schema.ts';

/** A scene of a narration with its cues and its paddings resolved. */
export type SceneOfNarration = {
  /** Null for a narration without `scenes` (one stretch that is the whole composition). */
  id: string | null;
  scene: NarrationScene;
  cues: NarrationCue[];
  /** The index of its first cue in `narration.cues`. */
  firstCueIndex: number;
  paddingBeforeInSeconds: number;
  paddingAfterInSeconds: number;
};

/**
 * The scenes of a narration, each with its cues (those that name it, which `parseNarration`
 * checks follow one another in the order of the scenes). A narration without `scenes` is one
 * scene: from frame 0 to the end, padded by `leadInInSeconds` and `tailInSeconds`.
 */
export const narrationScenes = (narration: Narration): SceneOfNarration[] => {
  const before = narration.leadInInSeconds ?? DEFAULT_LEAD_IN_IN_SECONDS;
  const after = narration.tailInSeconds ?? DEFAULT_TAIL_IN_SECONDS;
  if (!narration.scenes) {
    return [{id: null, scene: {id: 'narration'}, cues: narration.cues, firstCueIndex: 0, paddingBeforeInSeconds: before, paddingAfterInSeconds: after}];
  }
  let firstCueIndex = 0;
  return narration.scenes.map((scene) => {
    let end = firstCueIndex;
    while (end < narration.cues.length && narration.cues[end]!.scene === scene.id) end++;
    const resolved: SceneOfNarration = {
      id: scene.id,
      scene,
      cues: narration.cues.slice(firstCueIndex, end),
      firstCueIndex,
      paddingBeforeInSeconds: scene.paddingBeforeInSeconds ?? before,
      paddingAfterInSeconds: scene.paddingAfterInSeconds ?? after,
    };
    firstCueIndex = end;
    return resolved;
  });
};
