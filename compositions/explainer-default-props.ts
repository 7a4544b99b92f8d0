import type {ExplainerProps} from './Explainer.tsx';

export const explainerDefaultProps: ExplainerProps = {
  title: 'Narration as a build step',
  music: true,
  narration: {
    // A Kling voice; list the ones your account has with `npx remotion-narration voices`.
    voice: {speakerId: 'oversea_male1', speed: 1},
    // Said "Ree-motion"; shown as written.
    pronunciations: {Remotion: 'Ree-motion'},
    cues: [
      {id: 'intro', text: 'This video narrates itself. Every line you hear is a cue in a Remotion composition.', minDurationInSeconds: 4},
      {
        id: 'cues',
        text:
          'A cue is a stable id and a line of text, edited like any other prop. It can be a whole paragraph: ' +
          'prepare splits it at sentence ends into clips the voice accepts, and caches each clip on its own. ' +
          'Edit one sentence, and only its clip is spoken again.',
      },
      {
        id: 'cache',
        text:
          'Clips are cached by a hash of the text and the voice. <mark name="chart"/> Nothing is paid for twice, ' +
          'and a render never waits for a speech service.',
        pauseAfterInSeconds: 0.9,
      },
      {id: 'timing', text: 'The measured speech sets the timing of every scene, the captions below, and the music under the voice.'},
      {id: 'outro', text: 'Change a line, run prepare again, and the whole video re-times itself.'},
    ],
  },
};
