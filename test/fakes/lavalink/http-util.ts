/**
 * HTTP plumbing shared by the fake node's REST routes: Lavalink's error JSON (reference A.1), route results,
 * body and header reading.
 */
import { type IncomingHttpHeaders, type IncomingMessage, STATUS_CODES } from "node:http";

/** A refusal with Lavalink's error JSON. */
export class HttpError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** What a route produced: JSON, plain text, or an empty body. */
export interface RouteResult {
  status: number;
  json?: unknown;
  text?: string;
}

export function json(body: unknown, status = 200): RouteResult {
  return { status, json: body };
}

export function noContent(): RouteResult {
  return { status: 204 };
}

/** Lavalink's error body; `trace` only when the request asked for it with `trace=true`. */
export function errorBody(status: number, message: string, path: string, withTrace: boolean): Record<string, unknown> {
  const reason = STATUS_CODES[status] ?? "Error";
  const body: Record<string, unknown> = { timestamp: Date.now(), status, error: reason };
  if (withTrace) {
    body.trace =
      `org.springframework.web.server.ResponseStatusException: ${status} ${reason.toUpperCase().replace(/ /g, "_")} "${message}"\n` +
      "\tat lavalink.server.util.UtilKt.socketContext(util.kt)\n";
  }
  body.message = message;
  body.path = path;
  return body;
}

export function lowerCaseHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Parses a request body: JSON when it parses, the raw text otherwise, undefined when empty. */
export function parseBody(text: string): { value: unknown; isJson: boolean } {
  if (text.length === 0) return { value: undefined, isJson: false };
  try {
    return { value: JSON.parse(text), isJson: true };
  } catch {
    return { value: text, isJson: false };
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Guild ids are Discord snowflakes; Lavalink parses them as Long and refuses anything else. */
export function parseGuildId(raw: string): string {
  if (!/^\d{1,20}$/.test(raw)) throw new HttpError(400, `Failed to convert value of type 'String' to 'long': "${raw}"`);
  return raw;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}
