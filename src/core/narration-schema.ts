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

const idSchema = (what: string) =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
    message: `${what} id must start with a letter or digit and use only letters, digits, "_", "." and "-"`,
  });

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
  id: idSchema('cue'),
  /** What is said. Leave it out for a silent segment (see `silenceInSeconds`). */
  text: z.string().default(''),
  /**
   * A silent segment of this length instead of speech: a title, a chart to look at. It takes its
   * place in the timeline like a cue (`useNarrationCue(id)` gives its frames) and has no `text`.
   */
  silenceInSeconds: secondsSchema.optional(),
  /**
   * A fixed moment: its speech (or silence) starts this many seconds after the start of its
   * scene (of the composition when the narration has no `scenes`), whatever comes before it:
   * a line over footage. The lines before it must end, with their pause after, before it (they
   * are fitted when they would not: see `maxPlaybackRate`). Or `atFrame`, not both.
   */
  atInSeconds: secondsSchema.optional(),
  /** `atInSeconds` in frames of the composition, counted the same way. */
  atFrame: z.number().int({message: 'atFrame must be a whole frame'}).min(0, {message: 'atFrame must be 0 or more'}).optional(),
  /** The id of its scene, when the narration has `scenes`: a scene's cues follow one another. */
  scene: z.string().optional(),
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
/**
 * A scene, for a `<Series.Sequence>` or `<TransitionSeries.Sequence>`: the cues that name it
 * (`scene: "tour"`), its padding, its transition. Its length comes from its cues, or is fixed
 * (`durationInSeconds`: footage, a title without speech). Its cues' `atInSeconds` count from its
 * start. `useNarrationScene(id)` gives its frames.
 */
export const narrationSceneSchema = z.object({
  id: idSchema('scene'),
  /** Its exact length (footage, a recording): its speech must fit in it. */
  durationInSeconds: z.number().positive({message: 'durationInSeconds must be more than 0 seconds'}).optional(),
  /** Its shortest length: longer speech makes it longer. */
  minDurationInSeconds: secondsSchema.optional(),
  /** From its start to its first speech. Default: the narration's `leadInInSeconds` (0.5 s). */
  paddingBeforeInSeconds: secondsSchema.optional(),
  /** From its last speech to its end. Default: the narration's `tailInSeconds` (1 s). */
  paddingAfterInSeconds: secondsSchema.optional(),
  /**
   * How long it overlaps the scene before it: the `<TransitionSeries.Transition>` between the
   * two. No speech plays under it: the paddings next to it are at least this long.
   */
  transitionInSeconds: secondsSchema.optional(),
});

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
  /**
   * The fastest a line may be played (pitch kept) to end before the next fixed moment or the
   * end of a fixed-length scene. Beyond it, prepare asks the speech service for a faster
   * reading. 1 turns playback fitting off. Default 1.15.
   */
  maxPlaybackRate: z
    .number()
    .min(1, {message: 'maxPlaybackRate must be between 1 and 1.5'})
    .max(1.5, {message: 'maxPlaybackRate must be between 1 and 1.5'})
    .optional(),
  cues: z.array(narrationCueSchema),
  /**
   * The narration laid out as scenes, in order (see `narrationSceneSchema`); then every cue
   * names its scene, and a scene's cues follow one another. Without it the narration is one
   * stretch from frame 0, padded by `leadInInSeconds` and `tailInSeconds`.
   */
  scenes: z.array(narrationSceneSchema).optional(),
});

export type NarrationVoice = z.infer<typeof narrationVoiceSchema>;
export type NarrationCue = z.infer<typeof narrationCueSchema>;
/** A cue as written in props: what `narrationCueSchema` accepts (`text` may be left out). */
export type NarrationCueInput = z.input<typeof narrationCueSchema>;
export type NarrationScene = z.infer<typeof narrationSceneSchema>;
/** A narration as parsed: defaults filled in (a cue's `text` is '' when it is silent). */
export type Narration = z.infer<typeof narrationSchema>;
/** A narration as written in props: what `narrationSchema` accepts. */
export type NarrationInput = z.input<typeof narrationSchema>;

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
/**
 * Playback faster than this is heard as hurried. Time-stretching that keeps the pitch (WSOLA, as
 * ffmpeg's atempo and Chrome's preservesPitch do) is hard to notice up to about 10-15 %.
 */
export const DEFAULT_MAX_PLAYBACK_RATE = 1.15;
