import {z} from 'zod';
import {InvalidInputError} from '../../core/errors.ts';
import {formatZodError} from '../../core/format-zod-error.ts';
import {createDraftVoiceProvider} from './draft-voice/create-draft-voice-provider.ts';
import {createKlingProvider, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_USEAPI_BASE_URL, type HttpLogEntry} from './kling/create-kling-provider.ts';
import type {SpeechProvider} from './speech-provider.ts';

const environmentSchema = z.object({
  // Outer whitespace (a trailing newline from a file) is dropped; anything else that cannot be
  // sent in an HTTP header is refused here, before it can reach a request or a message.
  USEAPI_TOKEN: z
    .string()
    .trim()
    .refine((token) => !/[\u0000-\u001f\u007f\s]/.test(token), {
      message: 'must be one line with no spaces or control characters (copy it again from useapi.net); it is not shown here',
    })
    .optional(),
  USEAPI_EMAIL: z.string().trim().optional(),
  USEAPI_BASE_URL: z.url({message: 'must be a URL such as https://api.useapi.net'}).optional(),
  USEAPI_TIMEOUT_MS: z.coerce.number().int().positive({message: 'must be a positive number of milliseconds'}).optional(),
});

export type ProviderChoice = {
  provider: SpeechProvider;
  /** Said to the user when the offline draft voice is used. */
  notice: string | null;
  /** The draft voice was chosen only because no token is set (not with `--draft`). */
  draftForLackOfToken: boolean;
};

/**
 * Kling when `USEAPI_TOKEN` is set (with `USEAPI_EMAIL`, `USEAPI_BASE_URL`, `USEAPI_TIMEOUT_MS`),
 * the offline draft voice otherwise, or with `draft`.
 */
export const speechProviderFromEnv = ({
  env = process.env,
  timeoutMs,
  onHttp,
  draft = false,
}: {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  onHttp?: (entry: HttpLogEntry) => void;
  /** The offline draft voice on purpose, whether or not a token is set (`--draft`). */
  draft?: boolean;
} = {}): ProviderChoice => {
  const parsed = environmentSchema.safeParse({
    USEAPI_TOKEN: env.USEAPI_TOKEN || undefined,
    USEAPI_EMAIL: env.USEAPI_EMAIL || undefined,
    USEAPI_BASE_URL: env.USEAPI_BASE_URL || undefined,
    USEAPI_TIMEOUT_MS: env.USEAPI_TIMEOUT_MS || undefined,
  });
  if (!parsed.success) {
    // No input echoed back: the token must never appear in a message.
    throw new InvalidInputError(`The environment is not usable:\n${formatZodError({error: parsed.error, root: 'env'})}`);
  }
  const {USEAPI_TOKEN: token, USEAPI_EMAIL: email, USEAPI_BASE_URL: baseUrl, USEAPI_TIMEOUT_MS: envTimeoutMs} = parsed.data;
  if (draft) {
    return {provider: createDraftVoiceProvider(), notice: '--draft: using the offline draft voice (eSpeak NG).', draftForLackOfToken: false};
  }
  if (!token) {
    return {
      provider: createDraftVoiceProvider(),
      notice:
        'USEAPI_TOKEN is not set: using the offline draft voice (eSpeak NG). Set USEAPI_TOKEN (and USEAPI_EMAIL if your useapi.net account has several Kling accounts) to narrate with Kling.',
      draftForLackOfToken: true,
    };
  }
  return {
    provider: createKlingProvider({
      token,
      email,
      baseUrl: baseUrl ?? DEFAULT_USEAPI_BASE_URL,
      timeoutMs: timeoutMs ?? envTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      onHttp,
    }),
    notice: null,
    draftForLackOfToken: false,
  };
};
