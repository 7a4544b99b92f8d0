import {Html5Audio, Sequence, staticFile} from 'remotion';
import {CueCard, ExplainerBackdrop} from '../../compositions/CueCard.tsx';

/**
 * What a user writes without remotion-narration: clips placed by hand with `<Sequence>` and
 * `<Html5Audio>`, at frames and lengths given as props. No `<Narration>`, no
 * `calculateNarrationMetadata`, nothing imported from the library.
 *
 * The visuals are the example's own scenes (compositions/CueCard.tsx), reading each cue's frames
 * from the `timeline` prop instead of `useNarrationCue`, so both compositions draw the same
 * pixels and differ only in how the audio is placed.
 */
export type HandPlacedProps = {
  title: string;
  /** The same timeline JSON the Explainer gets from calculateMetadata; only its cues are read. */
  timeline: {fps: number; durationInFrames: number; cues: SceneCue[]};
  clips: HandPlacedClip[];
  durationInFrames: number;
};

export type SceneCue = {id: string; text: string; startFrame: number; durationInFrames: number};
/** `file` is a path inside public/. */
export type HandPlacedClip = {file: string; from: number; durationInFrames: number};

export const HandPlaced = ({title, timeline, clips}: HandPlacedProps) => (
  <ExplainerBackdrop title={title}>
    {timeline.cues.map((cue, index) => (
      <CueCard key={cue.id} {...cue} index={index} total={timeline.cues.length} />
    ))}
    {clips.map((clip) => (
      <Sequence key={clip.file + clip.from} from={clip.from} durationInFrames={clip.durationInFrames} layout="none">
        <Html5Audio src={staticFile(clip.file)} />
      </Sequence>
    ))}
  </ExplainerBackdrop>
);
