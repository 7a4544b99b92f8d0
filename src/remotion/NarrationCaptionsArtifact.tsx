import {useMemo} from 'react';
import {Artifact, useCurrentFrame} from 'remotion';
import {captionPages} from '../core/captions/caption-pages.ts';
import {formatCaptions, type CaptionFormat} from '../core/captions/format-captions.ts';
import {narrationCaptions} from '../core/captions/narration-captions.ts';
import type {NarrationTimeline} from '../core/timeline.ts';
import {useNarrationContext} from './use-narration-cue.ts';

/**
 * Emits the narration's captions as a render artifact (`npx remotion render` writes it to
 * `out/<composition id>/`): `<NarrationCaptionsArtifact />`. Its name says the language, as
 * players expect of a subtitle beside a video (`captions.en.srt`, `captions.zh.srt`), so that
 * renders of one composition in two languages (`--props`) keep both; give `filename` to choose
 * another (`.vtt` or `.json` choose the format). Inside `<Narration>`.
 */
export const NarrationCaptionsArtifact = ({filename, format}: {filename?: string; format?: CaptionFormat}) => {
  // The whole video's captions, from its frame 0, wherever this is placed.
  const {timeline} = useNarrationContext('<NarrationCaptionsArtifact>');
  const frame = useCurrentFrame();
  const name = filename ?? `captions.${mainLanguage(timeline)}.${format ?? 'srt'}`;
  const kind: CaptionFormat = format ?? (name.endsWith('.vtt') ? 'vtt' : name.endsWith('.json') ? 'json' : 'srt');
  // An artifact is emitted once, from the first frame; the other frames make nothing.
  return frame === 0 ? <CaptionsFile timeline={timeline} filename={name} format={kind} /> : null;
};

/** The language most of the spoken cues are in (English when as many are Chinese). */
const mainLanguage = (timeline: NarrationTimeline): string => {
  const spoken = timeline.cues.filter((cue) => !cue.silent);
  return spoken.filter((cue) => cue.language === 'zh').length * 2 > spoken.length ? 'zh' : 'en';
};

const CaptionsFile = ({timeline, filename, format}: {timeline: NarrationTimeline; filename: string; format: CaptionFormat}) => {
  const content = useMemo(() => formatCaptions({pages: captionPages({timeline}), captions: narrationCaptions(timeline), format}), [timeline, format]);
  return <Artifact filename={filename} content={content} />;
};
