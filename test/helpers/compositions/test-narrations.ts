import type {Narration} from '../../../src/core/narration-schema.ts';

/** Long pauses: the music has time to come all the way back between cues (the MusicOnly composition). */
export const musicOnlyNarration: Narration = {
  voice: {speakerId: 'uk_man2'},
  leadInInSeconds: 2,
  gapInSeconds: 3,
  tailInSeconds: 3,
  cues: [
    {id: 'one', text: 'The music dips while this line is spoken.'},
    {id: 'two', text: 'It comes back up between the lines, then dips again, without a click.'},
    {id: 'three', text: 'And once more for the last line.'},
  ],
};

/** Several sentences, each under Kling's 150 characters: spoken as several clips. */
const PARAGRAPH =
  'Narration used to be the last thing added to a video, and the first thing to go out of date. ' +
  'A script changed, and every scene after it had to be moved by hand. ' +
  'Here the words are props of the composition, like its colors and titles. ' +
  'Before a render, one command sends each new sentence to the speech service and stores what comes back. ' +
  'The store measures every file to the sample, with the silence the service put around the speech. ' +
  'The timeline then places each sentence so that the pause you hear is the pause you asked for. ' +
  'It does not matter whether a file starts with a tenth of a second of silence or with almost half a second. ' +
  'Nor does it matter how the encoder wrote it, with or without the header players rely on. ' +
  'Long paragraphs like this one are split into clips at sentence ends, and the clips play one after another. ' +
  'Edit one sentence, and only its clip is spoken again.';

/**
 * A paragraph-sized cue among short ones (the Paragraphs composition). Pauses shorter than most
 * of the fake's leading silences (0.05-0.4 s), so that clips start during the previous clip's
 * trailing silence and skip whole frames of their own.
 */
export const paragraphsNarration: Narration = {
  // Twice as fast as usual: half the frames to render (what the tests measure is the pauses
  // and the clips' edges, not the speech between them).
  voice: {speakerId: 'oversea_male1', speed: 2},
  leadInInSeconds: 0.3,
  gapInSeconds: 0.5,
  sentencePauseInSeconds: 0.35,
  // Longer than any trailing silence the fake makes (≤ 0.6 s plus frame padding), so that the
  // composition ends where the tail says and not where the last file ends.
  tailInSeconds: 0.8,
  cues: [
    // A title card that stays up 2.5 s, longer than its speech: the gap counts from there.
    {id: 'title', text: 'Paragraphs.', minDurationInSeconds: 2.5},
    {id: 'paragraph', text: PARAGRAPH},
    // Almost no pause after it.
    {id: 'aside', text: 'A short aside.', pauseAfterInSeconds: 0.05},
    {id: 'close', text: 'And that is the whole paragraph.'},
  ],
};
