/**
 * An expected refusal, not a bug: a stable machine-readable `code` (e.g. "NOT_IN_VOICE", "MUSIC_UNAVAILABLE",
 * "BAD_ARGUMENT") and a `message` that is safe to show to users as is. Anything that is not a `UserError` is treated
 * as a bug: logged, and answered with a generic reply.
 */
export class UserError extends Error {
  readonly code: string;
  /** The message as a catalogue key and parameters, said in the listener's language; `message` is its English. */
  readonly local?: { readonly key: string; readonly params?: unknown };

  /**
   * @param code stable identifier, SCREAMING_SNAKE_CASE; tests and reply rendering match on it
   * @param message user-facing text; must not contain internals (hostnames, stack details, secrets)
   * @param options `cause` keeps the underlying error for logs without showing it; `local` is the catalogue entry
   */
  constructor(
    code: string,
    message: string,
    options?: { cause?: unknown; local?: { readonly key: string; readonly params?: unknown } },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "UserError";
    this.code = code;
    if (options?.local) this.local = options.local;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/**
 * Start-up cannot go on because of something the operator can fix (a bad token, a busy port, an unwritable
 * database…). The message says what happened and what to do, in one line; the entry point prints it without a stack.
 */
export class StartupError extends Error {
  /** Stable identifier for logs and tests, e.g. "BAD_TOKEN", "PORT_IN_USE". */
  readonly reason: string;
  constructor(reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StartupError";
    this.reason = reason;
  }
}

export function isStartupError(e: unknown): e is StartupError {
  return e instanceof StartupError;
}
