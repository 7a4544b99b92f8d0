import type {Caption} from '@remotion/captions';
import {useMemo} from 'react';
import {narrationCaptions} from '../core/captions/narration-captions.ts';
import {useNarrationTimeline} from './use-narration-cue.ts';

/**
 * The composition's narration as `Caption[]` of `@remotion/captions`: one per written word, with
 * absolute times (see `narrationCaptions`). Works with `createTikTokStyleCaptions` and your own
 * caption code. Inside `<Narration>`.
 */
export const useNarrationCaptions = (): Caption[] => {
  const timeline = useNarrationTimeline();
  return useMemo(() => narrationCaptions(timeline), [timeline]);
};
