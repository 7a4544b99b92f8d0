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

/** A composition "Course" of `cueCount` short lines ("Line number 3 of the course."), spoken by "narrator". */
export const lineCourse = (cueCount: number): NarratedComposition => ({
  id: 'Course',
  narration: {
    voice: {speakerId: 'narrator'},
    cues: Array.from({length: cueCount}, (_, index) => ({id: `c${index}`, text: `Line number ${index} of the course.`})),
  },
});
