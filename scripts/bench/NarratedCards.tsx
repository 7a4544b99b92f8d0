import {z} from 'zod';
import {calculateNarrationMetadata, Narration, narrationSchema, useNarrationCue, type NarratedProps} from '../../src/index.ts';
import {CueCard, ExplainerBackdrop} from '../../compositions/CueCard.tsx';

export const narratedCardsSchema = z.object({title: z.string(), narration: narrationSchema});
export type NarratedCardsProps = z.infer<typeof narratedCardsSchema> & NarratedProps;

/**
 * The example's cue cards, narrated with the library: one card per cue following the cue's
 * frames, and nothing else (no captions, chart or music), so that HandPlaced can draw the same
 * pixels without the library and the two renders differ only in how the audio is placed.
 */
export const NarratedCards = ({title, narration, narrationTimeline}: NarratedCardsProps) => (
  <ExplainerBackdrop title={title}>
    <Narration timeline={narrationTimeline}>
      {narration.cues.map((cue, index) => (
        <Card key={cue.id} cueId={cue.id} index={index} total={narration.cues.length} />
      ))}
    </Narration>
  </ExplainerBackdrop>
);

const Card = ({cueId, index, total}: {cueId: string; index: number; total: number}) => {
  const cue = useNarrationCue(cueId);
  return <CueCard id={cue.id} text={cue.text} startFrame={cue.startFrame} durationInFrames={cue.durationInFrames} index={index} total={total} />;
};

export const calculateNarratedCardsMetadata = calculateNarrationMetadata<NarratedCardsProps>({fps: 30});
