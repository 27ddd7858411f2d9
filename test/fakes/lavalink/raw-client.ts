/**
 * A bare Lavalink v4 client (plain fetch + ws) for protocol-level tests of the fake node, without
 * lavalink-client's own validation and retries in the way.
 */
import { WebSocket } from "ws";
import type { FakeLavalink } from "./fake-lavalink.ts";
import { TrafficLog } from "./recorder.ts";
import type { WireJson } from "./types.ts";

export const RAW_CLIENT_ID = "100000000000000001";

export interface RawSocket {
  ws: WebSocket;
  /** Lower-case response headers of the upgrade. */
  upgradeHeaders: Record<string, string | string[] | undefined>;
  received: TrafficLog<WireJson>;
  /** Resolves with the first received op matching `pred` (past or future). */
  next(pred: (op: WireJson) => boolean, timeoutMs?: number): Promise<WireJson>;
  close(): Promise<void>;
}

export function defaultHandshakeHeaders(node: FakeLavalink): Record<string, string> {
  return { Authorization: node.password, "User-Id": RAW_CLIENT_ID, "Client-Name": "Encore/0.1.0" };
}

/** Opens the node's WebSocket; resolves once `ready` arrived, rejects with the HTTP status on refusal. */
export function openSocket(node: FakeLavalink, headers: Record<string, string> = defaultHandshakeHeaders(node)) {
  return new Promise<RawSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${node.port}/v4/websocket`, { headers });
    const received = new TrafficLog<WireJson>("received op", (op) => JSON.stringify(op).slice(0, 160));
    let upgradeHeaders: RawSocket["upgradeHeaders"] = {};
    ws.on("upgrade", (res) => {
      upgradeHeaders = res.headers;
    });
    ws.on("unexpected-response", (_req, res) => {
      reject(new HandshakeRefused(res.statusCode ?? 0));
      res.resume();
      ws.terminate();
    });
    ws.on("error", reject);
    ws.on("message", (data) => {
      const op = JSON.parse(String(data));
      received.push(op);
      if (op.op === "ready") {
        resolve({
          ws,
          upgradeHeaders,
          received,
          next: (pred, timeoutMs = 2000) => received.waitFor(pred, timeoutMs),
          close: () =>
            new Promise<void>((done) => {
              if (ws.readyState === WebSocket.CLOSED) return done();
              ws.once("close", () => done());
              ws.close();
            }),
        });
      }
    });
  });
}

export class HandshakeRefused extends Error {
  readonly status: number;

  constructor(status: number) {
    super(`handshake refused with HTTP ${status}`);
    this.status = status;
  }
}

/** REST call with the node's password, JSON body and `?trace=true` unless the path has a query already. */
export async function rest(
  node: FakeLavalink,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: WireJson; text: string }> {
  const response = await fetch(`http://127.0.0.1:${node.port}${path}`, {
    method,
    headers: {
      Authorization: node.password,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: WireJson;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
