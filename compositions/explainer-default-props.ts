import type {ExplainerProps} from './Explainer.tsx';

export const explainerDefaultProps: ExplainerProps = {
  title: 'Narration as a build step',
  narration: {
    // A Kling voice; list the ones your account has with the useapi.net voices endpoint.
    voice: {speakerId: 'oversea_male1', speed: 1},
    leadInInSeconds: 0.5,
    gapInSeconds: 0.4,
    tailInSeconds: 1,
    cues: [
      {id: 'intro', text: 'This video narrates itself. Every line you hear is a cue in a Remotion composition.'},
      {id: 'cues', text: 'A cue is a stable id and a line of text, edited like any other prop.'},
      {id: 'prepare', text: 'Before rendering, one command speaks each new line with Kling and stores the audio.'},
      {id: 'cache', text: 'Clips are cached by a hash of the text and the voice, so nothing is paid for twice.', pauseAfterInSeconds: 0.6},
      {id: 'timing', text: 'The measured length of each clip sets the timing of the scene that shows it.'},
      {id: 'outro', text: 'Change a line, run prepare again, and the whole video re-times itself.'},
    ],
  },
};
