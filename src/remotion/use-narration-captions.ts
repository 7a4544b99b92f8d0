import type {Caption} from '@remotion/captions';
import {narrationCaptions} from '../core/captions/narration-captions.ts';
import {memoPerObject} from './memo-per-object.ts';
import {useNarrationTimeline} from './use-narration-cue.ts';

const captionsOf = memoPerObject(narrationCaptions);

/**
 * The composition's narration as `Caption[]` of `@remotion/captions`: one per written word (in
 * Chinese, per character), with absolute times and a leading space only where the text has one
 * (see `narrationCaptions`). Works with `createTikTokStyleCaptions` and your own
 * caption code. Inside `<Narration>`. Computed once per timeline, shared by every caller: do not
 * change the array.
 */
export const useNarrationCaptions = (): Caption[] => captionsOf(useNarrationTimeline());
