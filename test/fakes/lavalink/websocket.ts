/**
 * `GET /v4/websocket` upgrade with the header checks of reference A.2, new sessions and session resuming.
 */
import { type IncomingMessage, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { lowerCaseHeaders } from "./http-util.ts";
import type { FakeSession } from "./session.ts";
import type { LavalinkHandshake } from "./types.ts";

export interface UpgradeContext {
  readonly password: string;
  /** A paused (resumable) session with this id, if any. */
  resumable(sessionId: string): FakeSession | undefined;
  /** Creates and registers a new session. */
  createSession(): FakeSession;
  recordHandshake(handshake: LavalinkHandshake): void;
  /** Every accepted socket, so faults can destroy them. */
  trackSocket(socket: WebSocket): void;
}

export class UpgradeHandler {
  readonly #ctx: UpgradeContext;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #resumedFlag = new WeakMap<IncomingMessage, boolean>();

  constructor(ctx: UpgradeContext) {
    this.#ctx = ctx;
    this.#wss.on("headers", (lines, req) => {
      lines.push(`Session-Resumed: ${this.#resumedFlag.get(req) === true}`, "Lavalink-Api-Version: 4");
    });
  }

  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => {});
    const headers = lowerCaseHeaders(req.headers);
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const status = this.#refusal(path, headers);
    if (status !== null) {
      this.#ctx.recordHandshake({ headers, status, at: Date.now(), resumed: false });
      socket.once("finish", () => socket.destroy());
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nLavalink-Api-Version: 4\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      return;
    }

    const requested = headers["session-id"];
    const resumable = requested ? this.#ctx.resumable(requested) : undefined;
    this.#resumedFlag.set(req, resumable !== undefined);

    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("error", () => {});
      this.#ctx.trackSocket(ws);
      const resumed = resumable?.paused === true && !resumable.closed;
      this.#ctx.recordHandshake({ headers, status: 101, at: Date.now(), resumed });
      // The v4 socket is server→client only: client messages are ignored.
      const session = resumed && resumable ? resumable : this.#ctx.createSession();
      session.attach(ws, resumed);
    });
  }

  /** HTTP status refusing the upgrade, or null to accept it (checks in Lavalink's order). */
  #refusal(path: string, headers: Record<string, string | undefined>): number | null {
    if (path !== "/v4/websocket") return 404;
    if (headers.authorization !== this.#ctx.password) return 401;
    const userId = headers["user-id"];
    if (!userId || userId === "0" || !/^\d+$/.test(userId)) return 400;
    // Real Lavalink only warns about a missing Client-Name; NodeLink refuses a value without NAME/VERSION.
    const clientName = headers["client-name"];
    if (clientName !== undefined && !clientName.includes("/")) return 400;
    return null;
  }

  close(): void {
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
  }
}
