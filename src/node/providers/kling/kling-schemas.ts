import {z} from 'zod';

/**
 * 200 of POST /v1/kling/tts/create. Every field is optional in useapi.net's model, and a field
 * of an unexpected type is read as absent rather than failing the whole answer (`status: "99"`,
 * `status_final: "true"` have been seen as strings).
 */
export const klingCreateResponseSchema = z.object({
  resource: z.string().optional().catch(undefined),
  status: z.union([z.number(), z.string()]).optional().catch(undefined),
  status_name: z.string().optional().catch(undefined),
  status_final: z.union([z.boolean(), z.string()]).optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  error: z.string().optional().catch(undefined),
});

/** Error bodies: `{error, code?, message?}`; any of them may be missing. */
export const klingErrorBodySchema = z
  .object({
    error: z.unknown().optional(),
    message: z.unknown().optional(),
    code: z.unknown().optional(),
  })
  .loose();

export const klingVoiceSchema = z.object({
  name: z.string().optional(),
  speakerId: z.string(),
  exampleUrl: z.string().optional(),
  new: z.boolean().optional(),
  emotions: z
    .array(z.object({name: z.string().optional(), key: z.string(), enable: z.boolean().optional()}))
    .optional(),
});

/** 200 of GET /v1/kling/tts/voices. */
export const klingVoicesResponseSchema = z.object({
  ttsList: z.array(klingVoiceSchema).optional(),
  lastSpeakerId: z.string().optional(),
  typeList: z.array(z.string()).optional(),
});

export type KlingCreateResponse = z.infer<typeof klingCreateResponseSchema>;
export type KlingVoice = z.infer<typeof klingVoiceSchema>;
