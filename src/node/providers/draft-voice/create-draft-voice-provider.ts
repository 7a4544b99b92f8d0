import {createHash} from 'node:crypto';
import {InvalidInputError} from '../../../core/errors.ts';
import {spokenLanguageOf, type NarrationLanguage} from '../../../core/text/language.ts';
import {fillUnspokenWords} from '../../align/fill-unspoken-words.ts';
import {wordTimesFromEvents} from '../../align/word-times-from-events.ts';
import {encodeMp3} from '../../mp3/encode-mp3.ts';
import {KLING_LIMITS} from '../kling/create-kling-provider.ts';
import {runCpuWork} from '../../run-cpu-work.ts';
import type {SpeechProvider, SpeechProviderLimits, SpeechRequest, SpeechResult, SynthesizeOptions} from '../speech-provider.ts';
import {loadEspeakEngine, type EspeakWordEvent} from './espeak-engine.ts';
import {parseWav, type Pcm} from './parse-wav.ts';

/** eSpeak's rate (`-s`, "words per minute") at `speed: 1`, per language. */
const BASE_RATE_IN_WORDS_PER_MINUTE: Record<NarrationLanguage, number> = {
  // eSpeak NG's own default rate.
  en: 175,
  // Kling-like Mandarin narration is about 4-5 characters (syllables) a second, 0.20-0.25 s a
  // character. cmn at 175 gives 0.270 s a Han character (sound start to end, 226 characters of
  // explainer prose in five paragraphs); at 205 it gives 0.223-0.229 s with each of VARIANTS.
  zh: 205,
};

/** 64 kbps CBR: plenty for 22.05 kHz mono speech, and one of MPEG-2 Layer III's rates. */
const MP3_BIT_RATE_IN_KBPS = 64;

/**
 * Samples a decoder outputs before eSpeak's first one: lamejs's encoder delay (576) plus the
 * decoder's (529). lamejs writes no LAME/Xing tag, so no decoder trims them.
 */
const DECODED_DELAY_IN_SAMPLES = 576 + 529;

/**
 * `wordTiming.by` of the draft voice's clips: times from eSpeak's own word events, exact (to the
 * sample where eSpeak starts each word) rather than measured. Bump it whenever they change.
 */
export const DRAFT_VOICE_WORD_TIMING_ID = 'espeak-ng-events@1';

/** eSpeak's pitch (`-p`, 0 to 99, default 50) is picked from this range per speaker. */
const MIN_PITCH = 35;
const MAX_PITCH = 65;

/**
 * Voice variants (`espeak-ng-data/voices/!v/`) a speaker is mapped to. Left out: m5 (its own
 * intonation), m8 (tone filter) and f5 (mostly breath): too far from a plain narrator.
 */
const VARIANTS = ['m1', 'm2', 'm3', 'm4', 'm6', 'm7', 'f1', 'f2', 'f3', 'f4'] as const;

/**
 * eSpeak itself has no length limit. The draft voice takes Kling's, so that a narration drafted
 * offline asks no more of a request than Kling accepts once the token is set.
 */
const DRAFT_VOICE_LIMITS: SpeechProviderLimits = KLING_LIMITS;

const DRAFT_VOICE_PROVIDER_ID = 'espeak-ng';
const DEFAULT_VOICE = 'en-us';
/**
 * eSpeak NG's Mandarin, for Chinese cues. It reads Han characters through its pinyin dictionary
 * and switches to English phonemes for Latin words inside ("Remotion", "iPhone"), on a flat
 * Mandarin pitch; capitals are spelled ("API", as in English) and digits read in Chinese ("16":
 * shí liù). Runs per script spoken by two voices and joined were not needed: the words are
 * English, the rhythm stays one sentence's.
 */
const MANDARIN_VOICE = 'cmn';

/**
 * The provider id, part of every cache key: "espeak-ng" for the default voice (en-us), and
 * "espeak-ng/<voice>" for any other, so that each voice has its own clips.
 */
const draftVoiceProviderId = (voice: string): string =>
  voice === DEFAULT_VOICE ? DRAFT_VOICE_PROVIDER_ID : `${DRAFT_VOICE_PROVIDER_ID}/${voice}`;

/** Whether clips of this provider id were made by the offline draft voice (any of its voices). */
export const isDraftVoiceProviderId = (providerId: string): boolean =>
  providerId === DRAFT_VOICE_PROVIDER_ID || providerId.startsWith(`${DRAFT_VOICE_PROVIDER_ID}/`);

/**
 * An offline draft voice: speaks with eSpeak NG (compiled to WASM, no network, no API token)
 * and encodes the result as 22.05 kHz mono MP3 at 64 kbps CBR. Robotic, but with real timing, so
 * a composition can be laid out and reviewed before paying for Kling.
 *
 * - `voice`: the eSpeak NG voice of English cues, default `'en-us'`. Without a `+variant` each
 *   `speakerId` gets a variant (`en-us+m3`, `en-us+f2`, ...) picked from a hash of the id; with
 *   one (`'en-us+f1'`) only the pitch varies.
 * - `language` `'zh'` speaks with eSpeak's Mandarin (`cmn`, with the same variant and pitch) at a
 *   Mandarin rate (`round(205 * speed)`); its clips' keys differ from English ones because the
 *   cache key holds the language for this provider (see `cacheKeyForClip`). Any other language
 *   reaches here as English (a Spanish line is read as Kling's English voices would try to).
 * - `speakerId` (a Kling speaker eSpeak cannot honour) selects that variant and a pitch of 35 to
 *   65, so different speakers sound different and the same speaker always sounds the same.
 * - `speed` sets the rate: `round(175 * speed)` words per minute in English.
 * - `emotion` is ignored: eSpeak has no emotions.
 *
 * The same request always gives the same bytes. The WASM module (18 MB, mostly voice data) is
 * loaded on the first call (about 0.4 s) and kept for the life of the process, shared by all
 * providers; a sentence then takes about 0.1 s of synchronous work, most of it MP3 encoding, run
 * as two steps on the process's CPU queue (`runCpuWork`), so timers, signals and I/O get turns
 * between clips. The synthesis goes through the caller's `schedule` (prepare's `--concurrency`).
 * Nothing is printed.
 *
 * The MP3 has no LAME/Xing header (lamejs writes none), so decoders do not trim the encoder
 * delay: decoded audio starts 1105 samples (50 ms) later than eSpeak's WAV, and ends up to one
 * frame later.
 *
 * The result carries `wordTiming`: when each word of `wordsOf(text)` starts and ends, in seconds
 * of the decoded MP3 (delay included), from eSpeak's own word events (see `wordTimesFromEvents`);
 * absent in the unlikely case that eSpeak's events cannot be read.
 *
 * `synthesize` throws `InvalidInputError` for an unknown voice or an unusable speed,
 * `SpeechServiceError` (transient: false) when eSpeak NG fails, and the signal's reason when
 * aborted.
 */
export const createDraftVoiceProvider = (options: {voice?: string} = {}): SpeechProvider => {
  const voice = options.voice ?? DEFAULT_VOICE;
  if (!/^[A-Za-z0-9_-]+(\+[A-Za-z0-9_-]+)?$/.test(voice)) {
    throw new InvalidInputError(
      `The draft voice must be an eSpeak NG voice such as "en-us" or "en-us+f2", but got ${JSON.stringify(voice)}.`,
    );
  }

  const synthesize = async (
    request: SpeechRequest,
    {signal, schedule = (work) => work()}: SynthesizeOptions = {},
  ): Promise<SpeechResult> => {
    signal?.throwIfAborted();
    if (!Number.isFinite(request.speed) || request.speed <= 0) {
      throw new InvalidInputError(`The speech speed must be a positive number, but got ${request.speed}.`);
    }
    // Mandarin for any Han character, even in a cue said to be English: eSpeak's English voice spells them out.
    const language = spokenLanguageOf(request);
    const {variant, pitch} = pickVoiceVariation(request.speakerId);
    const [base, ownVariant] = voice.split('+');
    const spokenVoice = language === 'zh' ? MANDARIN_VOICE : base;
    const args = [
      '-v',
      `${spokenVoice}+${ownVariant ?? variant}`,
      '-s',
      String(Math.round(BASE_RATE_IN_WORDS_PER_MINUTE[language] * request.speed)),
      '-p',
      String(pitch),
    ];
    // The whole synthesis is this provider's "service": the caller's limit (--concurrency) holds.
    return schedule(async () => {
      const engine = await loadEspeakEngine();
      // Two CPU steps, each synchronous (so calls never interleave inside the one engine), with a
      // turn of the event loop before each: timers, Ctrl-C and clips being written are not starved.
      const {wav, wordEvents} = await runCpuWork(() => engine.speak({args, text: request.text, voice}), {signal});
      return runCpuWork(() => {
        const pcm = parseWav(wav);
        const mp3 = encodeMp3({channels: pcm.channels, sampleRate: pcm.sampleRate, bitRateInKbps: MP3_BIT_RATE_IN_KBPS});
        return wordEvents ? {mp3, wordTiming: wordTimingOf({text: request.text, wordEvents, pcm})} : {mp3};
      }, {signal});
    });
  };

  return {id: draftVoiceProviderId(voice), description: `offline draft voice (eSpeak NG, ${voice})`, limits: DRAFT_VOICE_LIMITS, synthesize};
};

/** The variant and pitch a Kling speaker id is mapped to; stable across runs and machines. */
const pickVoiceVariation = (speakerId: string): {variant: string; pitch: number} => {
  const digest = createHash('sha256').update(speakerId).digest();
  return {
    variant: VARIANTS[digest.readUInt32BE(0) % VARIANTS.length] ?? 'm3',
    pitch: MIN_PITCH + (digest.readUInt32BE(4) % (MAX_PITCH - MIN_PITCH + 1)),
  };
};

/** The clip's word times from eSpeak's events, on the timeline of the decoded MP3. */
const wordTimingOf = ({text, wordEvents, pcm}: {text: string; wordEvents: EspeakWordEvent[]; pcm: Pcm}): NonNullable<SpeechResult['wordTiming']> => {
  const {channels, sampleRate} = pcm;
  const samples = Float32Array.from(channels[0]!, (sample) => sample / 32768);
  const {times} = wordTimesFromEvents({text, wordEvents, audio: {samples, sampleRate}});
  const delayInSeconds = DECODED_DELAY_IN_SAMPLES / sampleRate;
  return {
    by: DRAFT_VOICE_WORD_TIMING_ID,
    words: fillUnspokenWords(times).map(([start, end]) => [start + delayInSeconds, end + delayInSeconds]),
  };
};
