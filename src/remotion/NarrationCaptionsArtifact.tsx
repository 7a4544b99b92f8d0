import {useMemo} from 'react';
import {Artifact, useCurrentFrame} from 'remotion';
import {captionPages} from '../core/captions/caption-pages.ts';
import {formatCaptions, type CaptionFormat} from '../core/captions/format-captions.ts';
import {narrationCaptions} from '../core/captions/narration-captions.ts';
import {useNarrationTimeline} from './use-narration-cue.ts';

/**
 * Emits the narration's captions as a render artifact (`npx remotion render` writes it next to
 * the video): `<NarrationCaptionsArtifact filename="captions.srt" />`. Inside `<Narration>`.
 */
export const NarrationCaptionsArtifact = ({filename = 'captions.srt', format}: {filename?: string; format?: CaptionFormat}) => {
  const timeline = useNarrationTimeline();
  const frame = useCurrentFrame();
  const kind: CaptionFormat = format ?? (filename.endsWith('.vtt') ? 'vtt' : filename.endsWith('.json') ? 'json' : 'srt');
  const content = useMemo(
    () => formatCaptions({pages: captionPages({timeline}), captions: narrationCaptions(timeline), format: kind}),
    [timeline, kind],
  );
  // An artifact is emitted once, from the first frame.
  return frame === 0 ? <Artifact filename={filename} content={content} /> : null;
};
