/**
 * An expected refusal, not a bug: a stable machine-readable `code` (e.g. "NOT_IN_VOICE", "MUSIC_UNAVAILABLE",
 * "BAD_ARGUMENT") and a `message` that is safe to show to users as is. Anything that is not a `UserError` is treated
 * as a bug: logged, and answered with a generic reply.
 */
export class UserError extends Error {
  readonly code: string;

  /**
   * @param code stable identifier, SCREAMING_SNAKE_CASE; tests and reply rendering match on it
   * @param message user-facing text; must not contain internals (hostnames, stack details, secrets)
   * @param options `cause` keeps the underlying error for logs without showing it
   */
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UserError";
    this.code = code;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
