/**
 * The languages a cue can be spoken in: those Kling's text-to-speech speaks (its voices answer
 * says `"typeList": ["en", "zh"]`). English and Mandarin Chinese.
 */
export const NARRATION_LANGUAGES = ['en', 'zh'] as const;

/** `'en'` (English) or `'zh'` (Mandarin Chinese). */
export type NarrationLanguage = (typeof NARRATION_LANGUAGES)[number];

/** What a cue is spoken in when nothing says otherwise. */
export const DEFAULT_LANGUAGE: NarrationLanguage = 'en';

const HAN = /\p{Script=Han}/u;

/**
 * The language the characters of `text` make plain, or null when they do not: `'zh'` when it
 * has any Han character (Chinese with English terms inside is still a Chinese line), null
 * otherwise. Latin text is not taken as English: a Chinese voice reads it too, and which voice
 * speaks it is the narration's to say.
 */
export const languageOfText = (text: string): NarrationLanguage | null => (HAN.test(text) ? 'zh' : null);

/**
 * The language a cue is spoken in, in this order:
 * 1. the cue's own `language`, which always wins (an English line quoting a Chinese term; the
 *    draft voice still says Chinese characters in Mandarin: see `spokenLanguageOf`);
 * 2. what its text makes plain: any Han character → `'zh'`;
 * 3. the narration's `language`: the language of its voice, which reads Latin-only lines too
 *    (an English line in a narration said to be `'zh'` is an English line read by a Chinese
 *    voice, as Kling's Chinese voices do, and the draft voice reads it with its Mandarin voice);
 * 4. `'en'`.
 *
 * The voice itself cannot decide: Kling's voices list says which languages exist, not which
 * voice speaks which, and the timeline runs in the browser with no voices list at hand.
 */
/**
 * The language eSpeak (the draft voice, the aligner's reference) must speak `text` in to say all
 * of it: Mandarin whenever there is a Han character, which its English voice can only spell out
 * ("Chinese letter"), while its Mandarin voice says English words with English sounds; otherwise
 * the cue's `language`. Kling is not concerned: its speaker decides.
 */
export const spokenLanguageOf = ({text, language}: {text: string; language?: NarrationLanguage}): NarrationLanguage =>
  languageOfText(text) ?? language ?? DEFAULT_LANGUAGE;

export const languageOfCue = ({
  narration,
  cue,
}: {
  narration: {language?: NarrationLanguage};
  cue: {text: string; language?: NarrationLanguage};
}): NarrationLanguage => cue.language ?? languageOfText(cue.text) ?? narration.language ?? DEFAULT_LANGUAGE;
