import {z} from 'zod';

/** The speed range the Kling TTS endpoint accepts. */
export const MIN_SPEED = 0.8;
export const MAX_SPEED = 2;

const speedSchema = z
  .number()
  .min(MIN_SPEED, {message: `speed must be between ${MIN_SPEED} and ${MAX_SPEED}`})
  .max(MAX_SPEED, {message: `speed must be between ${MIN_SPEED} and ${MAX_SPEED}`});

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
  /** Silence after this cue, replacing the narration's `gapInSeconds`. */
  pauseAfterInSeconds: secondsSchema.optional(),
});

/**
 * The `narration` prop of a narrated composition. Put it in your composition's zod schema so
 * Remotion Studio's props editor shows and edits it:
 * `z.object({narration: narrationSchema, ...})`.
 */
export const narrationSchema = z.object({
  voice: narrationVoiceSchema,
  /** Silence before the first cue. Default 0.5 s. */
  leadInInSeconds: secondsSchema.optional(),
  /** Silence between two cues, unless the cue sets `pauseAfterInSeconds`. Default 0.4 s. */
  gapInSeconds: secondsSchema.optional(),
  /** Silence after the last cue. Default 1 s. */
  tailInSeconds: secondsSchema.optional(),
  cues: z.array(narrationCueSchema),
});

export type NarrationVoice = z.infer<typeof narrationVoiceSchema>;
export type NarrationCue = z.infer<typeof narrationCueSchema>;
export type Narration = z.infer<typeof narrationSchema>;

export const DEFAULT_SPEED = 1;
export const DEFAULT_LEAD_IN_IN_SECONDS = 0.5;
export const DEFAULT_GAP_IN_SECONDS = 0.4;
export const DEFAULT_TAIL_IN_SECONDS = 1;
