import type {NarrationLanguage} from '../../core/text/language.ts';
import {wordsOf} from '../../core/text/words.ts';
import type {EspeakEngine} from '../providers/draft-voice/espeak-engine.ts';
import {parseWav} from '../providers/draft-voice/parse-wav.ts';
import type {MonoAudio} from './mono-audio.ts';
import {wordTimesFromEvents, type WordTime} from './word-times-from-events.ts';

/** eSpeak's own default rate; faster renditions (220, 260) saved little time and cost accuracy at word ends. */
const REFERENCE_WORDS_PER_MINUTE = 175;

/** The languages a reference can speak: the cue's (see `languageOfCue`). */
export type ReferenceLanguage = NarrationLanguage;

/** eSpeak's rendition of a text, and where each of its words is in it. */
export type Reference = {
  audio: MonoAudio;
  /** The words of the text (`wordsOf`), in order. */
  words: string[];
  /** Per word: [start, end] in seconds in `audio`, null for a word that is not spoken. */
  times: (WordTime | null)[];
  /** Words that had an eSpeak event of their own (the rest were interpolated). */
  wordsWithEvents: number;
  voice: string;
};

/** Scripts English cannot read: eSpeak's English voice spells each character out ("Chinese letter"). */
const NON_LATIN_SCRIPTS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * eSpeak voice for the reference: Mandarin (`cmn`) for a Chinese cue, which then also reads its
 * digits and Latin words as eSpeak's Mandarin does; otherwise the language of the text's script,
 * as far as characters tell (a `language` of 'en' cannot make English of Han characters). English
 * for Latin script and anything else: the warping absorbs a foreign accent better than the wrong
 * script, which eSpeak spells out letter by letter.
 */
export const referenceVoiceFor = (text: string, language?: ReferenceLanguage): string => {
  if (language === 'zh') return 'cmn';
  if (language === 'en' && !NON_LATIN_SCRIPTS.test(text)) return 'en-us';
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'ja';
  if (/\p{Script=Han}/u.test(text)) return 'cmn';
  if (/\p{Script=Hangul}/u.test(text)) return 'ko';
  return 'en-us';
};

/**
 * Speaks `text` with eSpeak (synchronous: about 4.5 ms per second of speech) in the voice
 * `referenceVoiceFor` picks and places its words by eSpeak's word events. Null when the events
 * could not be read.
 * @throws what `EspeakEngine.speak` throws (SpeechServiceError when eSpeak fails).
 */
export const speakReference = ({engine, text, language}: {engine: EspeakEngine; text: string; language?: ReferenceLanguage}): Reference | null => {
  const voice = referenceVoiceFor(text, language);
  const {wav, wordEvents} = engine.speak({args: ['-v', voice, '-s', String(REFERENCE_WORDS_PER_MINUTE)], text, voice});
  if (!wordEvents) return null;
  const {channels, sampleRate} = parseWav(wav);
  const pcm = channels[0]!;
  const samples = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) samples[i] = pcm[i]! / 32768;
  const audio = {samples, sampleRate};
  const {times, wordsWithEvents} = wordTimesFromEvents({text, wordEvents, audio});
  return {audio, words: wordsOf(text).map((word) => word.text), times, wordsWithEvents, voice};
};
