import {z} from 'zod';
import {NARRATION_LANGUAGES} from './text/language.ts';

/** The speed range the Kling TTS endpoint accepts. */
export const MIN_SPEED = 0.8;
export const MAX_SPEED = 2;

const speedSchema = z
  .number()
  .min(MIN_SPEED, {message: `speed must be between ${MIN_SPEED} and ${MAX_SPEED}`})
  .max(MAX_SPEED, {message: `speed must be between ${MIN_SPEED} and ${MAX_SPEED}`});

/**
 * `'en'` or `'zh'`: the two languages Kling speaks. Any other language (Spanish...) has no
 * value here: such a line is read as English, as Kling's English voices would try to.
 */
const languageSchema = z.enum(NARRATION_LANGUAGES, {
  message: `language must be "en" (English) or "zh" (Chinese), the languages Kling speaks; leave it out to let the text decide`,
});

const secondsSchema = z.number().min(0, {message: 'must be 0 or more seconds'});

/** The voice every cue uses unless it sets its own. `speakerId` comes from `remotion-narration voices`. */
export const narrationVoiceSchema = z.object({
  speakerId: z.string().min(1, {message: 'speakerId must not be empty'}),
  speed: speedSchema.optional(),
  emotion: z.string().min(1).optional(),
});

/**
 * One line of narration. `id` names the cue in timelines and messages and is not part of the
 * audio's cache key: renaming a cue costs no API call.
 */
export const narrationCueSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
      message: 'cue id must start with a letter or digit and use only letters, digits, "_", "." and "-"',
    }),
  text: z.string(),
  speakerId: z.string().min(1).optional(),
  speed: speedSchema.optional(),
  emotion: z.string().min(1).optional(),
  /**
   * Silence from the end of this cue's speech to the start of the next cue's speech, replacing
   * the narration's `gapInSeconds`.
   */
  pauseAfterInSeconds: secondsSchema.optional(),
  /**
   * Shortest time this cue lasts, from the start of its speech, for a title card or a slide that
   * must stay up; when the speech is shorter, the pause after it grows accordingly.
   */
  minDurationInSeconds: secondsSchema.optional(),
  /**
   * The language this cue is spoken in, over what its text says (see `languageOfCue`): for a
   * line whose characters do not tell, or an English line quoting a Chinese term.
   */
  language: languageSchema.optional(),
});

/**
 * Written words and how to say them: `{"SQL": "sequel", "Remotion": "Ree-motion"}`. Whole words
 * only. The spoken text (and so the cache key) uses the replacement; what is shown keeps the
 * written words.
 */
export const pronunciationsSchema = z.record(
  z.string().trim().min(1, {message: 'a written word must not be empty'}),
  z.string().trim().min(1, {message: 'how to say it must not be empty'}),
);

/**
 * The `narration` prop of a narrated composition. Put it in your composition's zod schema so
 * Remotion Studio's props editor shows and edits it:
 * `z.object({narration: narrationSchema, ...})`.
 */
export const narrationSchema = z.object({
  voice: narrationVoiceSchema,
  /** From frame 0 to the start of the first speech. Default 0.5 s. */
  leadInInSeconds: secondsSchema.optional(),
  /**
   * Silence between the end of one cue's speech and the start of the next cue's speech, unless
   * the cue sets `pauseAfterInSeconds`. Default 0.75 s.
   */
  gapInSeconds: secondsSchema.optional(),
  /**
   * Silence between two clips of one cue (a long cue is spoken as several clips, split at
   * sentence ends), speech to speech. Default 0.45 s.
   */
  sentencePauseInSeconds: secondsSchema.optional(),
  /** From the end of the last speech to the end of the composition. Default 1 s. */
  tailInSeconds: secondsSchema.optional(),
  /** How to say written words; see `pronunciationsSchema`. */
  pronunciations: pronunciationsSchema.optional(),
  /** Match the written words of `pronunciations` in any case ("sql", "Sql"). Default false. */
  pronunciationsIgnoreCase: z.boolean().optional(),
  /**
   * The language of the narration's voice: what a cue is spoken in when it sets no `language`
   * and its text does not make it plain (a line with any Han character is Chinese; a Latin-only
   * line is read in this language). Default "en". See `languageOfCue`.
   */
  language: languageSchema.optional(),
  cues: z.array(narrationCueSchema),
});

export type NarrationVoice = z.infer<typeof narrationVoiceSchema>;
export type NarrationCue = z.infer<typeof narrationCueSchema>;
export type Narration = z.infer<typeof narrationSchema>;

export const DEFAULT_SPEED = 1;
export const DEFAULT_LEAD_IN_IN_SECONDS = 0.5;
/**
 * Between cues (paragraphs, scenes): longer than between sentences. Also about what the old
 * default of 0.4 s between files gave once a clip's own silences were added.
 */
export const DEFAULT_GAP_IN_SECONDS = 0.75;
/**
 * Between the clips of one cue, which join at sentence ends. eSpeak NG pauses 0.26-0.30 s at a
 * period and 0.14-0.15 s at a comma (measured here, silence below -50 dBFS); people reading aloud
 * pause about 0.5-0.7 s between sentences. 0.45 s sits between the two: a join sounds like a
 * sentence end, not like a new paragraph.
 */
export const DEFAULT_SENTENCE_PAUSE_IN_SECONDS = 0.45;
export const DEFAULT_TAIL_IN_SECONDS = 1;
