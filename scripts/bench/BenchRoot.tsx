import {Composition} from 'remotion';
import {Root as ExampleRoot} from '../../compositions/Root.tsx';
import {HandPlaced, type HandPlacedProps} from './HandPlaced.tsx';

const emptyHandPlacedProps: HandPlacedProps = {
  title: '',
  timeline: {fps: 30, durationInFrames: 1, cues: []},
  clips: [],
  durationInFrames: 1,
};

/** The example "Explainer" exactly as the example registers it, and "HandPlaced" for comparison. */
export const BenchRoot = () => (
  <>
    <ExampleRoot />
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
