import {parseNarration} from '../../src/core/parse-narration.ts';
import type {NarratedComposition} from '../../src/node/prepare/prepare-narration.ts';

/**
 * A composition as prepare receives it, made from the narration its props hold (what Remotion
 * resolves from default props with no input props), for tests that need no bundle: prepare's
 * logic with no browser. Tests that pass input props or render read compositions from the shared
 * bundle instead (`openTestRemotion(...).narratedComposition`).
 */
export const compositionWithNarration = ({id, narration, fps = 30}: {id: string; narration: unknown; fps?: number}): NarratedComposition => ({
  id,
  narration: parseNarration({value: narration, compositionId: id}),
  fps,
});
