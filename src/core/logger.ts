import pino from "pino";

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** pino level name: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent". */
  level: string;
  /**
   * Secret values (bot token, node passwords) to scrub from every log line wherever they appear: fields, nested
   * objects, the message, error messages and stacks, child bindings. Only secrets long enough not to collide with
   * ordinary text are scrubbed by value (see {@link scrubbedByValue}); fields named like secrets are always redacted.
   */
  secrets?: readonly string[];
  /** Where JSON lines go; defaults to stdout. */
  destination?: pino.DestinationStream;
  /** Rewrites logged errors' stack traces (Encore's compiled frames to their TypeScript source). */
  mapStack?: (stack: string) => string;
}

const CENSOR = "[redacted]";

/** Keys whose values are never logged, whatever they contain. */
const SECRET_KEYS = [
  "token",
  "password",
  "authorization",
  "Authorization",
  "discordToken",
  "lavalinkPassword",
  "secret",
  "apiKey",
];

/** Shorter secrets are not searched for in log text: a password like "lavalink" would blank out unrelated words. */
export const MIN_SCRUB_LENGTH = 12;
/** Secrets of letters only read like words; they are searched for only from this length. */
export const MIN_SCRUB_LENGTH_LETTERS_ONLY = 20;

/**
 * Whether a secret is replaced wherever its value appears in a log line. Short or word-like secrets are not (their
 * value would match ordinary text: "lavalink", "music", "admin"); they stay out of the logs through key redaction,
 * since Encore never writes a secret into a message.
 */
export function scrubbedByValue(secret: string): boolean {
  if (secret.length < MIN_SCRUB_LENGTH) return false;
  return !/^[A-Za-z]+$/.test(secret) || secret.length >= MIN_SCRUB_LENGTH_LETTERS_ONLY;
}

const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  "headers.authorization",
  "headers.Authorization",
  "*.headers.authorization",
  "*.headers.Authorization",
  "config.discordToken",
];

/**
 * Creates the process logger: JSON lines, errors serialized under `err`, known secret keys redacted, and every
 * occurrence of each configured secret value replaced by "[redacted]" in the final line.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const base = opts.destination ?? pino.destination({ dest: 1, sync: true });
  const secrets = (opts.secrets ?? []).filter(scrubbedByValue);
  const destination = secrets.length > 0 ? new SecretScrubbingStream(base, secrets) : base;
  const mapStack = opts.mapStack;
  const serializeError = mapStack
    ? (err: Error) => {
        const out = pino.stdSerializers.err(err);
        if (typeof out?.stack === "string") out.stack = mapStack(out.stack);
        return out;
      }
    : pino.stdSerializers.err;
  return pino(
    {
      level: opts.level,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
}

interface FlushableStream extends pino.DestinationStream {
  flush?(cb?: (err?: Error) => void): void;
  flushSync?(): void;
}

/** Matches one JSON string token, including its quotes and escape sequences. */
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * Scrubs secret values from serialized log lines just before they are written. Working on the final line catches
 * every path a secret can take (interpolated messages, error stacks, child bindings) without deep-copying objects.
 * Only string tokens are rewritten, so the line stays valid JSON.
 */
class SecretScrubbingStream implements FlushableStream {
  private readonly target: FlushableStream;
  /** Secrets as they appear inside a JSON string (escaped), longest first so overlapping secrets scrub fully. */
  private readonly needles: string[];

  constructor(target: FlushableStream, secrets: readonly string[]) {
    this.target = target;
    this.needles = [...new Set(secrets.map((s) => JSON.stringify(s).slice(1, -1)))].sort((a, b) => b.length - a.length);
  }

  write(line: string): void {
    this.target.write(this.needles.some((n) => line.includes(n)) ? this.scrub(line) : line);
  }

  flush(cb?: (err?: Error) => void): void {
    if (this.target.flush) this.target.flush(cb);
    else cb?.();
  }

  flushSync(): void {
    this.target.flushSync?.();
  }

  private scrub(line: string): string {
    return line.replace(JSON_STRING, (token) => {
      let out = token;
      for (const needle of this.needles) {
        if (out.includes(needle)) out = out.replaceAll(needle, CENSOR);
      }
      return out;
    });
  }
}
