import {captionPages} from '../../src/core/captions/caption-pages.ts';
import {formatCaptions} from '../../src/core/captions/format-captions.ts';
import {narrationCaptions} from '../../src/core/captions/narration-captions.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';

/**
 * The SubRip captions of a timeline with the default page size: what `<NarrationCaptionsArtifact>`
 * emits in a render and what `remotion-narration captions --format srt` prints. Tests compare
 * each of them with it, so that the two are known to agree.
 */
export const srtOfTimeline = (timeline: NarrationTimeline): string =>
  formatCaptions({pages: captionPages({timeline}), captions: narrationCaptions(timeline), format: 'srt'});
