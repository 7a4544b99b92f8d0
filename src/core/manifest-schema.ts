import {z} from 'zod';
import {CACHE_KEY_PATTERN} from './cache-key.ts';
import {DEFAULT_CLIP_LIMITS} from './clip-limits.ts';
import {clipFileForKey} from './narration-paths.ts';

export const MANIFEST_VERSION = 1;

/** Facts about a clip's decoded samples, measured by decoding the whole file. */
export const clipAudioSchema = z.object({
  sampleRate: z.number().int().positive(),
  /** Played length: decoded samples / sample rate. */
  durationInSeconds: z.number().positive(),
  /** Quiet time before the speech starts (below the silence threshold). */
  leadingSilenceInSeconds: z.number().min(0),
  /** Quiet time after the speech ends. */
  trailingSilenceInSeconds: z.number().min(0),
});

const cacheKeySchema = z.string().regex(CACHE_KEY_PATTERN, {message: 'must be a 20-character hex cache key'});

export const manifestClipSchema = z.object({
  key: cacheKeySchema,
  /** Path inside `public/`, for `staticFile()`: always `narration/<key>.mp3`. */
  file: z.string(),
  provider: z.string(),
  speakerId: z.string(),
  text: z.string(),
  speed: z.number(),
  emotion: z.string().nullable(),
  sizeInBytes: z.number().int().positive(),
  /** SHA-256 of the file, to detect a damaged cache. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  audio: clipAudioSchema,
  createdAt: z.string(),
  /**
   * When each spoken word of the clip (`wordsOf(text)`, in order) starts and ends, in seconds from
   * the start of the decoded file, and what measured it (`by`: an aligner and its version, or a
   * voice that knows its own word times). Re-measured, with no request, when `by` changes.
   */
  wordTiming: z
    .object({
      by: z.string(),
      words: z.array(z.tuple([z.number().min(0), z.number().min(0)])),
    })
    .optional(),
  /**
   * Its integrated loudness (LUFS) and true peak (dBTP), as `measureLoudness` reads the decoded
   * file (null: silence), its channel count, and what measured them. Measured again, with no
   * request, when `by` changes.
   */
  loudness: z
    .object({
      by: z.string(),
      integratedLufs: z.number().nullable(),
      truePeakDbtp: z.number().nullable(),
      /** 1 (mono) or 2: a browser plays a mono file 3 dB louder than a render does. Absent before bs1770-4@2. */
      channelCount: z.union([z.literal(1), z.literal(2)]).optional(),
    })
    .optional(),
  /**
   * What the store changed in the audio the service sent, when it had to, and why: a header
   * players would misread ("xing-header-added", "re-encoded"...), or two halves joined
   * ("joined-halves"). Absent when the file is as it came.
   */
  repaired: z
    .object({
      what: z.string(),
      problem: z.string().nullable(),
      originalSizeInBytes: z.number().int().positive(),
      originalSha256: z.string(),
      at: z.string(),
    })
    .optional(),
});

/** The voice a composition's clips are keyed with: its provider and the limits its cues were split with. */
export const compositionVoiceSchema = z.object({
  provider: z.string(),
  limits: z.object({maxCharacters: z.number().int().positive(), maxSpeechInSeconds: z.number().positive()}).default(DEFAULT_CLIP_LIMITS),
});

/**
 * What one prepare of a composition used: its clips' keys and when. `prune` keeps these clips for
 * a while even when the compositions it reads (with the props it is given) do not use them, so a
 * composition rendered with other props (another language) keeps its audio.
 */
export const manifestUseSchema = z.object({
  compositionId: z.string(),
  /** Where the props came from: "default props", the props file, or a hash of inline props. */
  props: z.string(),
  provider: z.string(),
  /** The day (YYYY-MM-DD, UTC) of the last prepare that used these clips: a warm prepare on the same day writes nothing. */
  usedAt: z.string(),
  keys: z.array(cacheKeySchema),
});

/**
 * `public/narration/manifest.json`: every clip prepare stored, by cache key, the voice each
 * composition was prepared with (the one `calculateMetadata` looks its clips up with), and what
 * each prepare used.
 *
 * The manifest may come from anywhere (a pull request, a cache restore): every key must be a
 * cache key and every file `narration/<key>.mp3`, so nothing it names can point outside
 * `public/narration/`.
 */
export const manifestSchema = z
  .object({
    version: z.literal(MANIFEST_VERSION),
    /** The voice each composition was last prepared with, by composition id. */
    compositions: z.record(z.string(), compositionVoiceSchema).default({}),
    clips: z.record(cacheKeySchema, manifestClipSchema),
    /**
     * Clips the service refused on content grounds, by key: Studio says why a cue is silent, and
     * prepare fails them again without a request until the text changes or `--force` names them.
     */
    moderated: z.record(cacheKeySchema, z.object({reason: z.string(), at: z.string()})).default({}),
    /** What each prepare used, by `useId` (see `manifestUseSchema`). */
    uses: z.record(z.string(), manifestUseSchema).default({}),
  })
  .superRefine((manifest, context) => {
    for (const [key, clip] of Object.entries(manifest.clips)) {
      if (clip.key !== key || clip.file !== clipFileForKey(key)) {
        context.addIssue({
          code: 'custom',
          path: ['clips', key],
          message: `must have key "${key}" and file "${clipFileForKey(key)}"`,
        });
      }
    }
  });

export type ClipAudio = z.infer<typeof clipAudioSchema>;
export type ManifestClip = z.infer<typeof manifestClipSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestUse = z.infer<typeof manifestUseSchema>;
export type CompositionVoice = z.infer<typeof compositionVoiceSchema>;

export const emptyManifest = (): Manifest => ({version: MANIFEST_VERSION, compositions: {}, clips: {}, moderated: {}, uses: {}});

/** The voice a composition was prepared with, or null when it never was. */
export const voiceOfComposition = (manifest: Manifest, compositionId: string): CompositionVoice | null =>
  manifest.compositions[compositionId] ?? null;
