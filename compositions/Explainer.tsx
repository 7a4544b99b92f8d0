import {z} from 'zod';
import {Narration, narrationSchema, useNarrationCue, type NarratedProps} from '../src/index.ts';
import {CueCard, ExplainerBackdrop} from './CueCard.tsx';

export const explainerSchema = z.object({
  title: z.string(),
  narration: narrationSchema,
});

export type ExplainerProps = z.infer<typeof explainerSchema> & NarratedProps;

/** One scene per cue; each follows its cue's frames from the narration timeline. */
export const Explainer = ({title, narration, narrationTimeline}: ExplainerProps) => (
  <ExplainerBackdrop title={title}>
    <Narration timeline={narrationTimeline}>
      {narration.cues.map((cue, index) => (
        <CueScene key={cue.id} cueId={cue.id} index={index} total={narration.cues.length} />
      ))}
    </Narration>
  </ExplainerBackdrop>
);

const CueScene = ({cueId, index, total}: {cueId: string; index: number; total: number}) => {
  const cue = useNarrationCue(cueId);
  return <CueCard id={cue.id} text={cue.text} startFrame={cue.startFrame} durationInFrames={cue.durationInFrames} index={index} total={total} />;
};
