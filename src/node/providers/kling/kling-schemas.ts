import {z} from 'zod';

/** 200 of POST /v1/kling/tts/create. Every field is optional in useapi.net's model. */
export const klingCreateResponseSchema = z.object({
  resource: z.string().optional(),
  status: z.number().optional(),
  status_name: z.string().optional(),
  status_final: z.boolean().optional(),
  message: z.string().optional(),
  error: z.string().optional(),
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

export type KlingVoice = z.infer<typeof klingVoiceSchema>;
