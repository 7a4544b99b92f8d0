import {Html5Audio, interpolate, staticFile, useCurrentFrame} from 'remotion';
import {z} from 'zod';
import {
  Narration,
  NarrationCaptions,
  NarrationCaptionsArtifact,
  narrationSchema,
  useNarrationCue,
  useNarrationDucking,
  useNarrationTimeline,
  type NarratedProps,
} from '../src/index.ts';
import {CueCard, EXAMPLE_FONT_FAMILY, ExplainerBackdrop} from './CueCard.tsx';

export const explainerSchema = z.object({
  title: z.string(),
  /** Background music, ducked under the voice. */
  music: z.boolean(),
  narration: narrationSchema,
});

export type ExplainerProps = z.infer<typeof explainerSchema> & NarratedProps;

/**
 * One scene per cue, each following its cue's speech; the slide shows the sentences being spoken,
 * a chart grows from a bookmark, captions are burned in, and the music dips under the voice.
 * A render also writes its captions beside the video (out/Explainer/captions.en.srt, or
 * captions.zh.srt for the Chinese props).
 */
export const Explainer = ({title, music, narration, narrationTimeline}: ExplainerProps) => (
  <ExplainerBackdrop title={title} text={narration.cues.map((cue) => cue.text).join('')}>
    <Narration timeline={narrationTimeline}>
      {narration.cues.map((cue, index) => (
        <CueScene key={cue.id} cueId={cue.id} index={index} total={narration.cues.length} />
      ))}
      <CacheChart />
      <NarrationCaptions highlightColor="#facc15" boxStyle={{fontSize: 30, fontFamily: EXAMPLE_FONT_FAMILY}} />
      <NarrationCaptionsArtifact />
      {music ? <Music /> : null}
    </Narration>
  </ExplainerBackdrop>
);

const CueScene = ({cueId, index, total}: {cueId: string; index: number; total: number}) => {
  const frame = useCurrentFrame();
  const cue = useNarrationCue(cueId);
  // A long cue is several clips: the card shows the one being spoken.
  const clip = cue.clips.findLast((candidate) => frame >= candidate.speechStartFrame) ?? cue.clips[0];
  return <CueCard id={cue.id} text={clip?.text ?? cue.text} startFrame={cue.startFrame} durationInFrames={cue.durationInFrames} index={index} total={total} />;
};

/** Bars that grow from the word after `<mark name="chart"/>` in the "cache" cue, when there is one. */
const CacheChart = () => {
  const hasChart = useNarrationTimeline().cues.some((cue) => cue.id === 'cache' && 'chart' in cue.marks);
  return hasChart ? <Chart /> : null;
};

const Chart = () => {
  const frame = useCurrentFrame();
  const cue = useNarrationCue('cache');
  // `marks.chart` throws if the cue has no such mark (the `!` is for noUncheckedIndexedAccess).
  const from = cue.marks.chart!;
  const to = cue.startFrame + cue.durationInFrames;
  if (frame < from || frame > to + 8) return null;
  const bars = [0.35, 0.6, 0.85, 1];
  return (
    <div style={{position: 'absolute', right: 90, top: 40, display: 'flex', alignItems: 'flex-end', gap: 12, height: 140}}>
      {bars.map((height, index) => {
        const grow = interpolate(frame, [from + index * 4, from + index * 4 + 12], [0, 1], {extrapolateLeft: 'clamp', extrapolateRight: 'clamp'});
        return <div key={index} style={{width: 26, height: 140 * height * grow, background: '#22d3ee', borderRadius: 4}} />;
      })}
    </div>
  );
};

/** A pad that loops under the narration and dips while anyone speaks. */
// `extend`: the volume curve keeps counting frames across the loops, as the narration does.
const Music = () => <Html5Audio src={staticFile('music/bed.mp3')} loop loopVolumeCurveBehavior="extend" volume={useNarrationDucking()} />;
