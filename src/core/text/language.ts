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
 * 1. the cue's own `language`, which always wins (a Chinese term quoted in an English line);
 * 2. what its text makes plain: any Han character → `'zh'`;
 * 3. the narration's `language`: the language of its voice, which reads Latin-only lines too
 *    (an English line in a narration said to be `'zh'` is an English line read by a Chinese
 *    voice, as Kling's Chinese voices do, and the draft voice reads it with its Mandarin voice);
 * 4. `'en'`.
 *
 * The voice itself cannot decide: Kling's voices list says which languages exist, not which
 * voice speaks which, and the timeline runs in the browser with no voices list at hand.
 */
export const languageOfCue = ({
  narration,
  cue,
}: {
  narration: {language?: NarrationLanguage};
  cue: {text: string; language?: NarrationLanguage};
}): NarrationLanguage => cue.language ?? languageOfText(cue.text) ?? narration.language ?? DEFAULT_LANGUAGE;
