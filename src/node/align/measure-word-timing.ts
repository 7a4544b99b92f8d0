import {wordsOf} from '../../core/text/words.ts';
import {decodeMp3, type DecodedMp3} from '../mp3/decode-mp3.ts';
import {readMp3Frames} from '../mp3/read-mp3-frames.ts';
import {loadEspeakEngine} from '../providers/draft-voice/espeak-engine.ts';
import {alignWords} from './align-words.ts';
import {detectSpeech} from './detect-speech.ts';
import {mixToMono, type MonoAudio} from './mono-audio.ts';
import {speakReference, type ReferenceLanguage} from './speak-reference.ts';
import {spreadWords} from './spread-words.ts';

/**
 * What measured word times with eSpeak and DTW, and its version: stored with the times, so that
 * clips measured by another version are measured again. Bump it whenever the results change.
 * @2: pauses taken out of the warping, a Mandarin reference for Chinese cues (issue 15).
 */
export const WORD_ALIGNER_ID = 'espeak-dtw@2';

/**
 * The fallback's id: words spread over the detected speech by their estimated length, used when
 * eSpeak cannot be loaded or read, the text has no letter or digit, or no speech is found.
 */
export const SPREAD_WORD_TIMING_ID = 'spread@1';

export type WordTiming = {
  /** WORD_ALIGNER_ID or SPREAD_WORD_TIMING_ID. */
  by: string;
  /** One [start, end] per word of `wordsOf(text)`, in order, in seconds from the start of the decoded audio. */
  words: [number, number][];
};

/**
 * When each word of a clip is spoken, measured offline: eSpeak NG speaks the same text, its
 * word events say where each word is in that rendition, and dynamic time warping of spectral
 * frames carries those times over to the clip, its pauses put between words. On Festival and
 * flite English: median |onset error| 15 ms, p95 about 60 ms, p99 about 90 ms, held-out prose
 * included; on Mandarin (eSpeak in other voices): 8 / 26 ms; ~200× real time on one core (see
 * test/fixtures/alignment/README.md).
 *
 * - `text`: the clip's spoken text, normalized (what the provider was asked to say).
 * - `language`: the cue's language, which eSpeak's reference then speaks (`referenceVoiceFor`):
 *   only the cue can tell that "2024" or "iPhone 15" in a Chinese narration is read in Mandarin.
 *   When absent, the characters decide (Han: Mandarin; Latin: English).
 * - `data`: the MP3 as stored. It is decoded as `measureMp3` decodes it (mpg123, gapless), so
 *   times are seconds from the first sample of that decoding: a file without a LAME/Xing tag
 *   (lamejs) keeps the encoder delay, and its times include it.
 * - `name`: the file, for error messages.
 *
 * Returns one [start, end] per `wordsOf(text)` entry, in order, non-decreasing and inside the
 * clip; a word without letters or digits ("—") gets the gap between its neighbours. Words are
 * spread by estimated length instead (`by: SPREAD_WORD_TIMING_ID`) when eSpeak cannot be used,
 * the text has nothing to align or the clip has no speech. Loads eSpeak (shared with the draft
 * voice, ~0.5 s) on first use; then about 5 ms of CPU per second of audio, plus 2.5 ms to decode
 * it (`npm run bench`, row 7).
 *
 * @throws InvalidAudioError naming `name` when `data` is not a valid MP3. Nothing else.
 */
export const measureWordTiming = async ({
  text,
  data,
  name,
  decoded: alreadyDecoded,
  language,
}: {
  text: string;
  data: Uint8Array;
  name: string;
  /** The cue's language: which language eSpeak's reference speaks. Told from the characters when absent. */
  language?: ReferenceLanguage;
  /** `data` already decoded gaplessly (see `decodeAndMeasureMp3`): not decoded again. */
  decoded?: DecodedMp3;
}): Promise<WordTiming> => {
  const decoded = alreadyDecoded ?? (await decodeMp3({data, frames: readMp3Frames({data, name}), name}));
  const audio: MonoAudio = {
    samples: mixToMono({channelData: decoded.channelData, length: decoded.samplesDecoded}),
    sampleRate: decoded.sampleRate,
  };
  const speech = detectSpeech(audio);
  const spread = (): WordTiming => ({by: SPREAD_WORD_TIMING_ID, words: spreadWords({text, audio, speech})});
  if (wordsOf(text).length === 0) return {by: WORD_ALIGNER_ID, words: []};
  if (!/[\p{L}\p{N}]/u.test(text) || speech.speech.length === 0) return spread();
  try {
    const engine = await loadEspeakEngine();
    const reference = speakReference({engine, text, language});
    // Without a single word event (a script eSpeak cannot read), eSpeak's rendition would be
    // spread by length too, and warping it does worse than spreading over the clip directly.
    if (!reference || reference.wordsWithEvents === 0) return spread();
    return {by: WORD_ALIGNER_ID, words: alignWords({reference, target: audio})};
  } catch {
    // eSpeak failed to load or to speak this text (or an alignment bug): word times are worth
    // having, not worth failing a clip for. The spread says what it is in `by`.
    return spread();
  }
};
