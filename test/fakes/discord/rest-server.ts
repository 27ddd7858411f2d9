import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError, Errors } from "./errors.ts";
import { readBody } from "./http-body.ts";
import type { RateLimiter } from "./rate-limits.ts";
import type { Json, RecordedFile, RecordedRequest } from "./types.ts";

export interface RestRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: Json;
  files: RecordedFile[];
  params: Record<string, string>;
}

export interface RestReply {
  status: number;
  body?: Json;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  pattern: string;
  /** Bot-token routes; interaction callbacks and webhook routes are authenticated by the token in the URL. */
  auth: boolean;
  handler: (req: RestRequest) => RestReply | Promise<RestReply>;
}

interface Fault {
  pathPrefix: string;
  status: number;
  remaining: number;
}

const API_PREFIX = "/api/v10";
const MAJOR_PARAMS = ["channelId", "guildId", "token"];

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? "";
    const g = decodeURIComponent(got[i] ?? "");
    if (w.startsWith(":")) {
      if (g === "") return null;
      params[w.slice(1)] = g;
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

/** Serves /api/v10 over node:http: routing, bot-token auth, rate limits, latency and fault injection, recording. */
export class RestServer {
  readonly #routes: Route[];
  readonly #token: string;
  readonly #limiter: RateLimiter;
  readonly #record: (r: RecordedRequest) => void;
  readonly #faults: Fault[] = [];
  /** Exceptions thrown by route handlers (answered with 500); a non-empty list is a bug in the fake or a test. */
  readonly internalErrors: unknown[] = [];
  latencyMs = 0;

  constructor(opts: { routes: Route[]; token: string; limiter: RateLimiter; record: (r: RecordedRequest) => void }) {
    this.#routes = opts.routes;
    this.#token = opts.token;
    this.#limiter = opts.limiter;
    this.#record = opts.record;
  }

  failNext(pathPrefix: string, status: number, times: number): void {
    this.#faults.push({ pathPrefix, status, remaining: times });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const versioned = url.pathname.startsWith(`${API_PREFIX}/`);
    const path = versioned ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: flatHeaders(req),
      body: null,
      files: [],
      status: 0,
      at,
    };
    let status = 500;
    let body: Json;
    let headers: Record<string, string> = {};
    try {
      const parsed = await readBody(req);
      record.body = parsed.body;
      record.files = parsed.files;
      const found = versioned ? this.#find(method, path) : null;
      if (!found) throw Errors.notFound();
      if (found === "method") throw Errors.methodNotAllowed();
      const { route, params } = found;
      if (route.auth && record.headers.authorization !== `Bot ${this.#token}`) throw Errors.unauthorized();
      const major = MAJOR_PARAMS.map((p) => params[p]).find((v) => v !== undefined) ?? "";
      const limit = this.#limiter.check(method, path, route.pattern, major, Date.now());
      headers = limit.headers;
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      if (limit.limited) {
        status = 429;
        body = limit.limited.body;
      } else {
        const fault = this.#takeFault(path);
        if (fault !== null) {
          status = fault;
          body = { message: `${fault}: ${fault >= 500 ? "Internal Server Error" : "Error"}`, code: 0 };
        } else {
          const reply = await route.handler({ ...record, params });
          status = reply.status;
          body = reply.body;
        }
      }
    } catch (error) {
      if (error instanceof ApiError) {
        status = error.status;
        body = error.body;
      } else {
        this.internalErrors.push(error);
        status = 500;
        body = { message: "500: Internal Server Error", code: 0 };
      }
    }
    record.status = status;
    if (!res.headersSent && !res.destroyed) {
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (status === 204 || body === undefined) {
        res.writeHead(status).end();
      } else {
        const text = JSON.stringify(body);
        res
          .writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) })
          .end(text);
      }
    }
    this.#record(record);
  }

  #find(method: string, path: string): { route: Route; params: Record<string, string> } | "method" | null {
    let pathMatched = false;
    for (const route of this.#routes) {
      const params = match(route.pattern, path);
      if (!params) continue;
      if (route.method === method) return { route, params };
      pathMatched = true;
    }
    return pathMatched ? "method" : null;
  }

  #takeFault(path: string): number | null {
    const fault = this.#faults.find((f) => path.startsWith(f.pathPrefix) && f.remaining > 0);
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    return fault.status;
  }
}
