import {useMemo} from 'react';
import {Artifact, useCurrentFrame} from 'remotion';
import {captionPages} from '../core/captions/caption-pages.ts';
import {formatCaptions, type CaptionFormat} from '../core/captions/format-captions.ts';
import {narrationCaptions} from '../core/captions/narration-captions.ts';
import type {NarrationTimeline} from '../core/timeline.ts';
import {useNarrationTimeline} from './use-narration-cue.ts';

/**
 * Emits the narration's captions as a render artifact (`npx remotion render` writes it next to
 * the video): `<NarrationCaptionsArtifact filename="captions.srt" />`. Inside `<Narration>`.
 */
export const NarrationCaptionsArtifact = ({filename = 'captions.srt', format}: {filename?: string; format?: CaptionFormat}) => {
  const timeline = useNarrationTimeline();
  const frame = useCurrentFrame();
  const kind: CaptionFormat = format ?? (filename.endsWith('.vtt') ? 'vtt' : filename.endsWith('.json') ? 'json' : 'srt');
  // An artifact is emitted once, from the first frame; the other frames make nothing.
  return frame === 0 ? <CaptionsFile timeline={timeline} filename={filename} format={kind} /> : null;
};

const CaptionsFile = ({timeline, filename, format}: {timeline: NarrationTimeline; filename: string; format: CaptionFormat}) => {
  const content = useMemo(() => formatCaptions({pages: captionPages({timeline}), captions: narrationCaptions(timeline), format}), [timeline, format]);
  return <Artifact filename={filename} content={content} />;
};
