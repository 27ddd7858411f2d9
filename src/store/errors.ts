/** Why the database could not be opened. */
export type StoreErrorReason =
  /** The file is not an SQLite database, or it is corrupt. */
  | "corrupt"
  /** The schema was written by a newer Encore than this build. */
  | "newer-schema"
  /** The file or its directory cannot be created, opened or read. */
  | "io"
  /** The file or its directory cannot be written. */
  | "read-only"
  /** A migration failed; it was rolled back. */
  | "migration";

/**
 * The database cannot be used, so Encore must not start. The message names the file and says what to do; it is meant
 * for the operator's console, not for Discord users. Encore never modifies or recreates the file when throwing this.
 */
export class StoreError extends Error {
  readonly reason: StoreErrorReason;
  /** The database file (or directory) concerned. */
  readonly path: string;

  constructor(reason: StoreErrorReason, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
    this.reason = reason;
    this.path = path;
  }
}

export function isStoreError(e: unknown): e is StoreError {
  return e instanceof StoreError;
}
