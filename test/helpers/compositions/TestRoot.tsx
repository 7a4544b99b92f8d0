import {Composition, Html5Audio, staticFile} from 'remotion';
import {z} from 'zod';
import {calculateNarrationMetadata, Narration, narrationSchema, useNarrationDucking, type NarratedProps} from '../../../src/index.ts';
import {Root as ExampleRoot} from '../../../compositions/Root.tsx';
import {musicOnlyNarration, paragraphsNarration} from './test-narrations.ts';

const FPS = 30;

const musicOnlySchema = z.object({narration: narrationSchema, duck: z.boolean(), musicLufs: z.number().optional()});
type MusicOnlyProps = z.infer<typeof musicOnlySchema> & NarratedProps;

/** `bed.mp3` from the public folder, looped, ducked under the narration (relative to the speech, given its loudness) or not. */
const Bed = ({duck, musicLufs}: {duck: boolean; musicLufs?: number}) => {
  const ducked = useNarrationDucking(musicLufs === undefined ? {} : {musicLufs});
  return <Html5Audio src={staticFile('bed.mp3')} loop loopVolumeCurveBehavior="extend" volume={duck ? ducked : 1} />;
};

/** The music only: the narration plays at volume 0, the bed ducked or not. */
const MusicOnly = ({narrationTimeline, duck, musicLufs}: MusicOnlyProps) => (
  <Narration timeline={narrationTimeline} volume={0}>
    <Bed duck={duck} musicLufs={musicLufs} />
  </Narration>
);

const narrationOnlySchema = z.object({narration: narrationSchema});
type NarrationOnlyProps = z.infer<typeof narrationOnlySchema> & NarratedProps;

/** The narration and nothing to see: for renders that check only the audio (a WAV costs a page render per frame). */
const NarrationOnly = ({narrationTimeline}: NarrationOnlyProps) => <Narration timeline={narrationTimeline} />;

/**
 * The compositions the in-process tests read and render from one bundle (see serveTestBundle):
 * the example's Explainer exactly as the example registers it, and compositions made for tests.
 */
export const TestRoot = () => (
  <>
    <ExampleRoot />
    <Composition id="MusicOnly" component={MusicOnly} schema={musicOnlySchema} width={320} height={180}
      calculateMetadata={calculateNarrationMetadata<MusicOnlyProps>({fps: FPS})}
      defaultProps={{narration: musicOnlyNarration, duck: true}} />
    <Composition id="Paragraphs" component={NarrationOnly} schema={narrationOnlySchema} width={320} height={180}
      calculateMetadata={calculateNarrationMetadata<NarrationOnlyProps>({fps: FPS})}
      defaultProps={{narration: paragraphsNarration}} />
  </>
);
