import {z} from 'zod';
import {CACHE_KEY_PATTERN} from './cache-key.ts';

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

export const manifestClipSchema = z.object({
  key: z.string().regex(CACHE_KEY_PATTERN),
  /** Path inside `public/`, for `staticFile()`. */
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
});

/**
 * `public/narration/manifest.json`: every clip prepare stored, by cache key, and the provider the
 * last prepare used (the one `calculateMetadata` looks clips up with).
 */
export const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  provider: z.string().nullable(),
  clips: z.record(z.string(), manifestClipSchema),
  /** Clips the service refused on content grounds, by key, so Studio can say why a cue is silent. */
  moderated: z.record(z.string(), z.object({reason: z.string(), at: z.string()})).default({}),
});

export type ClipAudio = z.infer<typeof clipAudioSchema>;
export type ManifestClip = z.infer<typeof manifestClipSchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export const emptyManifest = (): Manifest => ({version: MANIFEST_VERSION, provider: null, clips: {}, moderated: {}});
