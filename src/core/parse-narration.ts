import {InvalidInputError} from './errors.ts';
import {formatZodError} from './format-zod-error.ts';
import {narrationSchema, type Narration, type NarrationCue} from './narration-schema.ts';

/**
 * Validates a composition's `narration` prop: its schema, unique cue and scene ids, and what the
 * schema cannot say (a cue is spoken or silent; fixed moments in order; with `scenes`, every cue
 * names one, and a scene's cues follow one another in the order of the scenes).
 * @throws InvalidInputError naming the composition, the path and the fix.
 */
export const parseNarration = ({value, compositionId}: {value: unknown; compositionId: string}): Narration => {
  if (value === undefined) {
    throw new InvalidInputError(
      `Composition "${compositionId}" has no "narration" prop. Add \`narration: narrationSchema\` to its schema and a narration to its defaultProps or input props.`,
    );
  }
  const parsed = narrationSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidInputError(
      `The narration of composition "${compositionId}" is invalid:\n${formatZodError({error: parsed.error, root: 'narration', input: value})}`,
    );
  }
  const narration = parsed.data;
  const fail = (message: string): never => {
    throw new InvalidInputError(`Composition "${compositionId}": ${message}`);
  };

  const cueIds = new Map<string, number>();
  narration.cues.forEach((cue, index) => {
    const first = cueIds.get(cue.id);
    if (first !== undefined) fail(`narration.cues[${index}] has the id "${cue.id}", which narration.cues[${first}] already uses. Give every cue its own id.`);
    cueIds.set(cue.id, index);
    checkCue({cue, at: `narration.cues[${index}]`, fail});
  });

  const scenes = narration.scenes;
  if (!scenes) {
    const withScene = narration.cues.findIndex((cue) => cue.scene !== undefined);
    if (withScene !== -1) {
      fail(`cue "${narration.cues[withScene]!.id}" (narration.cues[${withScene}]) names the scene "${narration.cues[withScene]!.scene}", but the narration has no scenes. Add \`scenes: [{id: "${narration.cues[withScene]!.scene}"}]\`, or remove its scene.`);
    }
    checkMomentsInOrder({cues: narration.cues.map((cue, index) => ({cue, index})), fail});
    return narration;
  }
  const sceneIndexes = new Map<string, number>();
  scenes.forEach((scene, index) => {
    const at = `narration.scenes[${index}]`;
    const first = sceneIndexes.get(scene.id);
    if (first !== undefined) fail(`${at} has the id "${scene.id}", which narration.scenes[${first}] already uses. Give every scene its own id.`);
    sceneIndexes.set(scene.id, index);
    if (scene.durationInSeconds !== undefined && scene.minDurationInSeconds !== undefined) {
      fail(`scene "${scene.id}" (${at}) has both durationInSeconds (its exact length) and minDurationInSeconds (its shortest). Keep one.`);
    }
    if (index === 0 && (scene.transitionInSeconds ?? 0) > 0) {
      fail(`scene "${scene.id}" (${at}) is the first scene, so there is no scene before it to overlap: remove its transitionInSeconds.`);
    }
  });
  const ids = scenes.map((scene) => `"${scene.id}"`).join(', ');
  let sceneIndex = 0;
  narration.cues.forEach((cue, index) => {
    const at = `narration.cues[${index}]`;
    if (cue.scene === undefined) fail(`cue "${cue.id}" (${at}) names no scene, but the narration has scenes. Give it \`scene\`: one of ${ids}.`);
    const its = sceneIndexes.get(cue.scene!);
    if (its === undefined) fail(`cue "${cue.id}" (${at}) names the scene "${cue.scene}", which the narration does not have. Its scenes are: ${ids}.`);
    if (its! < sceneIndex) {
      fail(`cue "${cue.id}" (${at}) is in scene "${cue.scene}", after cues of scene "${scenes[sceneIndex]!.id}", which comes later. A scene's cues follow one another, in the order of the scenes: move it.`);
    }
    sceneIndex = its!;
  });
  scenes.forEach((scene, index) => {
    const cues = narration.cues.flatMap((cue, cueIndex) => (cue.scene === scene.id ? [{cue, index: cueIndex}] : []));
    const overlaps = (scene.transitionInSeconds ?? 0) + (scenes[index + 1]?.transitionInSeconds ?? 0);
    if (scene.durationInSeconds !== undefined && scene.durationInSeconds < overlaps) {
      fail(`scene "${scene.id}" (narration.scenes[${index}]) lasts ${scene.durationInSeconds} s, but the transitions into and out of it take ${overlaps} s of it. Make it longer, or the transitions shorter.`);
    }
    for (const {cue, index: cueIndex} of cues) {
      if (scene.durationInSeconds !== undefined && cue.atInSeconds !== undefined && cue.atInSeconds >= scene.durationInSeconds) {
        fail(`cue "${cue.id}" (narration.cues[${cueIndex}]) is set to start at ${cue.atInSeconds} s of scene "${scene.id}", which lasts ${scene.durationInSeconds} s. Move it inside the scene, or make the scene longer.`);
      }
    }
    if (cues.length === 0 && scene.durationInSeconds === undefined && scene.minDurationInSeconds === undefined) {
      fail(`scene "${scene.id}" (narration.scenes[${index}]) has no cues and no length. Give a scene without speech its durationInSeconds.`);
    }
    checkMomentsInOrder({cues, fail});
  });
  return narration;
};

const checkCue = ({cue, at, fail}: {cue: NarrationCue; at: string; fail: (message: string) => never}) => {
  if (cue.silenceInSeconds !== undefined) {
    if (cue.text !== '') fail(`cue "${cue.id}" (${at}) has both text and silenceInSeconds. A cue is either spoken or silent: drop one.`);
    for (const voiceSetting of ['speakerId', 'speed', 'emotion', 'language', 'minDurationInSeconds'] as const) {
      if (cue[voiceSetting] !== undefined) fail(`cue "${cue.id}" (${at}) is silent (silenceInSeconds) but sets ${voiceSetting}, which only a spoken cue uses. Remove it.`);
    }
  }
  if (cue.atInSeconds !== undefined && cue.atFrame !== undefined) {
    fail(`cue "${cue.id}" (${at}) has both atInSeconds and atFrame. Keep one.`);
  }
};

/** Fixed moments of one scene never go back in time (seconds with seconds, frames with frames: the fps is not known here). */
const checkMomentsInOrder = ({cues, fail}: {cues: {cue: NarrationCue; index: number}[]; fail: (message: string) => never}) => {
  let seconds: {value: number; index: number} | null = null;
  let frames: {value: number; index: number} | null = null;
  for (const {cue, index} of cues) {
    const earlier =
      cue.atInSeconds !== undefined && seconds && cue.atInSeconds < seconds.value ? seconds : cue.atFrame !== undefined && frames && cue.atFrame < frames.value ? frames : null;
    if (earlier) {
      fail(`cue "${cue.id}" (narration.cues[${index}]) is set to start before narration.cues[${earlier.index}], which comes before it. Put the cues in the order they are spoken, or fix their moments.`);
    }
    if (cue.atInSeconds !== undefined) seconds = {value: cue.atInSeconds, index};
    if (cue.atFrame !== undefined) frames = {value: cue.atFrame, index};
  }
};
