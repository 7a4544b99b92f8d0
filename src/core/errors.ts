/**
 * Every failure a user must handle differently has its own class and `code`.
 * The CLI prints `message` for these; a stack trace only for anything else (a bug) or `--verbose`.
 */
export type NarrationErrorCode =
  | 'INVALID_INPUT'
  | 'AUDIO_NOT_PREPARED'
  | 'SPEECH_DOES_NOT_FIT'
  | 'INVALID_AUDIO'
  | 'MODERATED'
  | 'SPEECH_SERVICE'
  | 'AUTHENTICATION'
  | 'ACCOUNT'
  | 'CONFIG'
  | 'INTERRUPTED'
  | 'MANIFEST_UNREADABLE'
  | 'CLIP_UNREADABLE'
  | 'BUNDLE_FAILED';

export class NarrationError extends Error {
  override name = 'NarrationError';
  readonly code: NarrationErrorCode;

  constructor(code: NarrationErrorCode, message: string, options?: {cause?: unknown}) {
    super(message, options);
    this.code = code;
  }
}

/** Props, flags or configuration that cannot work; the message names the place and the fix. */
export class InvalidInputError extends NarrationError {
  override name = 'InvalidInputError' as const;
  constructor(message: string, options?: {cause?: unknown}) {
    super('INVALID_INPUT', message, options);
  }
}

/**
 * The service refused a text as too long for one request, although it was within the limits
 * prepare knows: prepare splits that clip in two and tries once more.
 */
export class TextTooLongError extends InvalidInputError {
  override name = 'InvalidInputError' as const;
  readonly tooLong = true;
}

/** A cue has no audio in the manifest yet: run `remotion-narration prepare`. */
export class AudioNotPreparedError extends NarrationError {
  override name = 'AudioNotPreparedError' as const;
  constructor(message: string) {
    super('AUDIO_NOT_PREPARED', message);
  }
}

/**
 * A line is too long for its slot (up to the next fixed moment, or the end of a fixed-length
 * scene) even played at `maxPlaybackRate` and read faster by the service: it would push the next
 * moment later. The message names the cue, its length, its slot and the options.
 */
export class SpeechDoesNotFitError extends NarrationError {
  override name = 'SpeechDoesNotFitError' as const;
  constructor(message: string) {
    super('SPEECH_DOES_NOT_FIT', message);
  }
}

/** A file that should be MP3 audio does not decode as such. */
export class InvalidAudioError extends NarrationError {
  override name = 'InvalidAudioError' as const;
  constructor(message: string, options?: {cause?: unknown}) {
    super('INVALID_AUDIO', message, options);
  }
}

/** The speech service refused the text on content grounds. Final: never retried. */
export class ModerationError extends NarrationError {
  override name = 'ModerationError' as const;
  /** The service's own words. */
  readonly serviceMessage: string;
  /** Who refused it, for messages: "Kling's moderation". */
  readonly refusedBy: string;
  /** True when the refusal is the one recorded on an earlier run: no request was made this time. */
  readonly remembered: boolean;
  constructor(
    message: string,
    serviceMessage: string,
    {refusedBy = 'the speech service', remembered = false}: {refusedBy?: string; remembered?: boolean} = {},
  ) {
    super('MODERATED', message);
    this.serviceMessage = serviceMessage;
    this.refusedBy = refusedBy;
    this.remembered = remembered;
  }
}

/** The speech service failed or answered something unusable for this request. */
export class SpeechServiceError extends NarrationError {
  override name = 'SpeechServiceError' as const;
  /** HTTP status, when there was a response. */
  readonly status: number | null;
  /** Whether trying the same request again may succeed. */
  readonly transient: boolean;
  /** How long the service asked to wait before trying again (`Retry-After`), if it said. */
  readonly retryAfterMs: number | null;
  /**
   * The service's words describe the input rather than a fault of its own (a 500 about the
   * text): worth one more try at most, then the cue fails with those words.
   */
  readonly aboutInput: boolean;
  constructor(
    message: string,
    {
      status,
      transient,
      retryAfterMs = null,
      aboutInput = false,
      cause,
    }: {status: number | null; transient: boolean; retryAfterMs?: number | null; aboutInput?: boolean; cause?: unknown},
  ) {
    super('SPEECH_SERVICE', message, {cause});
    this.status = status;
    this.transient = transient;
    this.retryAfterMs = retryAfterMs;
    this.aboutInput = aboutInput;
  }
}

/** The API token was refused (401). Concerns the whole run. */
export class AuthenticationError extends NarrationError {
  override name = 'AuthenticationError' as const;
  constructor(message: string) {
    super('AUTHENTICATION', message);
  }
}

/** The useapi.net subscription or the linked Kling account needs the user's attention (402, 596). */
export class AccountError extends NarrationError {
  override name = 'AccountError' as const;
  readonly status: number;
  constructor(message: string, status: number) {
    super('ACCOUNT', message);
    this.status = status;
  }
}

/** The run was stopped from outside (Ctrl-C, SIGTERM): what was stored is kept. */
export class InterruptedError extends NarrationError {
  override name = 'InterruptedError' as const;
  /** The signal that stopped it, e.g. "SIGINT". */
  readonly signalName: string;
  constructor(signalName: string) {
    super('INTERRUPTED', `Stopped by ${signalName}. Every clip already stored is kept; the next prepare makes the rest.`);
    this.signalName = signalName;
  }
}

/**
 * `public/narration/manifest.json` exists but cannot be used: a merge conflict, bad JSON, a newer
 * version, a wrong shape, no permission. Prepare rebuilds it from the clips on disk (keeping a
 * copy); prune refuses to delete anything while it cannot tell which clips are used.
 */
export class ManifestUnreadableError extends NarrationError {
  override name = 'ManifestUnreadableError' as const;
  /** The manifest's path. */
  readonly file: string;
  /** What is wrong with it, e.g. "has merge conflict markers (line 12)". */
  readonly problem: string;
  constructor(file: string, problem: string, options?: {cause?: unknown}) {
    super('MANIFEST_UNREADABLE', `${file} ${problem}. Run \`npx remotion-narration prepare\` to rebuild it from the clips on disk (it keeps a copy).`, options);
    this.file = file;
    this.problem = problem;
  }
}

/**
 * A stored clip exists but cannot be read (no permission, an I/O error). Never taken for a missing
 * clip, which would pay for it again: the run stops and says which file and why.
 */
export class ClipUnreadableError extends NarrationError {
  override name = 'ClipUnreadableError' as const;
  readonly file: string;
  constructor(file: string, reason: string, options?: {cause?: unknown}) {
    super(
      'CLIP_UNREADABLE',
      `Cannot read the stored clip ${file} (${reason}). It is not generated again while it exists: fix its permissions or the disk, or delete it to have it made again.`,
      options,
    );
    this.file = file;
  }
}

/**
 * The project's sources do not bundle (a syntax error, an import that does not resolve): said
 * with the bundler's first error, without the bundler's own stack (kept as `cause`).
 */
export class BundleFailedError extends NarrationError {
  override name = 'BundleFailedError' as const;
  /** The bundler's first error: where and what, at most 6 lines. */
  readonly bundlerMessage: string;
  constructor(bundlerMessage: string, options?: {cause?: unknown}) {
    const lines = bundlerMessage.split('\n').filter((line) => !/^\s+at /.test(line));
    // Remotion's bundle() appends the error's details to its message, "undefined" when it has none.
    if (lines.at(-1) === 'undefined') lines.pop();
    const said = lines.slice(0, 6).join('\n').trim();
    super('BUNDLE_FAILED', `The project did not bundle: ${said}`, options);
    this.bundlerMessage = said;
  }
}

const narrationErrorNames = new Set([
  'BundleFailedError',
  'ManifestUnreadableError',
  'ClipUnreadableError',
  'NarrationError',
  'InvalidInputError',
  'AudioNotPreparedError',
  'SpeechDoesNotFitError',
  'InvalidAudioError',
  'ModerationError',
  'SpeechServiceError',
  'AuthenticationError',
  'AccountError',
  'InterruptedError',
]);

/** True for errors of this library, also when two copies of it are loaded (checks `name` too). */
export const isNarrationError = (error: unknown): error is NarrationError =>
  error instanceof NarrationError ||
  (error instanceof Error && narrationErrorNames.has(error.name) && 'code' in error);
