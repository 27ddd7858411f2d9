/**
 * REST side of the fake node: auth, fault injection, latency, recording, and the node-level routes
 * (`/version`, `/v4/info`, `/v4/stats`, `/v4/loadtracks`, `/v4/decodetrack(s)`, route planner).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  errorBody,
  HttpError,
  json,
  lowerCaseHeaders,
  noContent,
  parseBody,
  type RouteResult,
  readBody,
  sleep,
} from "./http-util.ts";
import { handleSessionRoute, type PlayerRouteContext } from "./player-routes.ts";
import { decodeTrack, trackFromInfo } from "./tracks.ts";
import type { LavalinkRequest } from "./types.ts";

export interface RestContext extends PlayerRouteContext {
  readonly password: string;
  /** GET /v4/info body. */
  info(): Record<string, unknown>;
  readonly version: string;
  /** Stats without `op` and without frameStats. */
  stats(): Record<string, unknown>;
  /** How long to wait before answering a request to `path`. */
  latencyMs(path: string): number;
  /** Status to fail this request with, when a failNext() rule matches it. */
  takeInjectedFailure(method: string, path: string, body: unknown): number | null;
  recordRequest(request: LavalinkRequest): void;
}

const BODY_METHODS = new Set(["POST", "PATCH", "PUT"]);

export async function handleRest(ctx: RestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const path = url.pathname;
  const query = Object.fromEntries(url.searchParams.entries());
  const headers = lowerCaseHeaders(req.headers);
  const text = await readBody(req);
  const parsed = parseBody(text);
  const withTrace = query.trace === "true";

  const latency = ctx.latencyMs(path);
  if (latency > 0) await sleep(latency);

  let result: RouteResult;
  try {
    result = route(ctx, req.method ?? "GET", path, query, headers, parsed);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    const message = error instanceof Error ? error.message : String(error);
    result = status === 401 ? { status } : json(errorBody(status, message, path, withTrace), status);
  }

  res.setHeader("Lavalink-Api-Version", "4");
  if (result.text !== undefined) {
    res.writeHead(result.status, { "Content-Type": "text/plain;charset=UTF-8" });
    res.end(result.text);
  } else if (result.json !== undefined) {
    res.writeHead(result.status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(result.json));
  } else {
    res.writeHead(result.status);
    res.end();
  }
  ctx.recordRequest({
    method: req.method ?? "GET",
    path,
    query,
    headers,
    body: parsed.value,
    status: result.status,
    at: Date.now(),
  });
}

function route(
  ctx: RestContext,
  method: string,
  path: string,
  query: Record<string, string>,
  headers: Record<string, string | undefined>,
  body: { value: unknown; isJson: boolean },
): RouteResult {
  // Real Lavalink answers 401 with an empty body on every route, /version included.
  if (headers.authorization !== ctx.password) throw new HttpError(401, "Unauthorized");

  const injected = ctx.takeInjectedFailure(method, path, body.value);
  if (injected !== null) throw new HttpError(injected, "Injected failure");

  if (BODY_METHODS.has(method) && body.value !== undefined) {
    if (!(headers["content-type"] ?? "").toLowerCase().includes("application/json")) {
      throw new HttpError(415, `Content-Type '${headers["content-type"] ?? ""}' is not supported.`);
    }
    if (!body.isJson) throw new HttpError(400, "Failed to read request");
  }

  if (path === "/version") {
    if (method !== "GET") throw new HttpError(405, "Method Not Allowed");
    return { status: 200, text: ctx.version };
  }
  const segments = path.split("/").filter(Boolean);
  if (segments[0] !== "v4") throw new HttpError(404, "Not Found");
  const [, resource, ...rest] = segments;

  switch (resource) {
    case "info":
      return only(method, "GET", rest, () => json(ctx.info()));
    case "stats":
      return only(method, "GET", rest, () => json(ctx.stats()));
    case "loadtracks":
      return only(method, "GET", rest, () => {
        const identifier = query.identifier;
        if (identifier === undefined) {
          throw new HttpError(
            400,
            "Required request parameter 'identifier' for method parameter type String is not present",
          );
        }
        return json(ctx.catalog.load(identifier));
      });
    case "decodetrack":
      return only(method, "GET", rest, () => {
        const encoded = query.encodedTrack ?? query.track;
        if (encoded === undefined) {
          throw new HttpError(
            400,
            "Required request parameter 'encodedTrack' for method parameter type String is not present",
          );
        }
        return json(decodeOne(encoded));
      });
    case "decodetracks":
      return only(method, "POST", rest, () => {
        if (!Array.isArray(body.value) || !body.value.every((e) => typeof e === "string")) {
          throw new HttpError(400, "Request body must be an array of encoded tracks");
        }
        return json(body.value.map((e: string) => decodeOne(e)));
      });
    case "sessions":
      return handleSessionRoute(ctx, { method, segments: rest, query, body: body.value });
    case "routeplanner":
      return noContent();
    default:
      throw new HttpError(404, "Not Found");
  }
}

function only(method: string, expected: string, rest: string[], handler: () => RouteResult): RouteResult {
  if (rest.length > 0) throw new HttpError(404, "Not Found");
  if (method !== expected) throw new HttpError(405, "Method Not Allowed");
  return handler();
}

function decodeOne(encoded: string): unknown {
  const info = decodeTrack(encoded);
  if (!info) throw new HttpError(400, `Failed to decode track: ${encoded.slice(0, 32)}`);
  return trackFromInfo(info);
}
