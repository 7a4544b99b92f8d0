import {Composition} from 'remotion';
import {Root as ExampleRoot} from '../../compositions/Root.tsx';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {HandPlaced, type HandPlacedProps} from './HandPlaced.tsx';
import {calculateNarratedCardsMetadata, NarratedCards, narratedCardsSchema} from './NarratedCards.tsx';

const emptyHandPlacedProps: HandPlacedProps = {
  title: '',
  timeline: {fps: 30, durationInFrames: 1, cues: []},
  clips: [],
  durationInFrames: 1,
};

/**
 * The example "Explainer" exactly as the example registers it; "NarratedCards", its cue cards
 * narrated with the library; and "HandPlaced", the same cards with hand-placed audio.
 */
export const BenchRoot = () => (
  <>
    <ExampleRoot />
    <Composition
      id="NarratedCards"
      component={NarratedCards}
      schema={narratedCardsSchema}
      defaultProps={{title: explainerDefaultProps.title, narration: explainerDefaultProps.narration}}
      calculateMetadata={calculateNarratedCardsMetadata}
      width={1280}
      height={720}
    />
    <Composition
      id="HandPlaced"
      component={HandPlaced}
      defaultProps={emptyHandPlacedProps}
      // A fixed length handed in as a prop, as a user without the library would hard-code it.
      calculateMetadata={({props}) => ({durationInFrames: props.durationInFrames})}
      fps={30}
      width={1280}
      height={720}
      durationInFrames={1}
    />
  </>
);
