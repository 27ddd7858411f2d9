import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { GatewaySession, VALID_INTENTS } from "./gateway-session.ts";
import type { GatewayFrame, Json } from "./types.ts";

/** What the gateway needs from the rest of the fake. */
export interface GatewayHost {
  token: string;
  heartbeatIntervalMs: number;
  disallowedIntents: number;
  /** Guilds one session may carry; more is closed with 4011, as Discord requires sharding past 2,500. */
  maxGuildsPerShard: number;
  /** Guilds a session (shard) would receive. */
  guildCount(session: GatewaySession): number;
  /** READY `d` for a new session. */
  ready(session: GatewaySession): Json;
  /** GUILD_CREATE `d`s sent right after READY. */
  guildCreates(session: GatewaySession): Json[];
  /** After READY and every GUILD_CREATE were sent. */
  identified(session: GatewaySession): void;
  /** Op 4 from the bot. */
  voiceStateUpdate(session: GatewaySession, d: Json): void;
  /** Op 8 from the bot: GUILD_MEMBERS_CHUNK payloads to send back. */
  requestMembers(session: GatewaySession, d: Json): Json[];
  recordReceived(frame: GatewayFrame): void;
  recordSent(frame: GatewayFrame): void;
}

interface Connection {
  socket: WebSocket;
  session: GatewaySession | null;
  closedByServer: boolean;
}

/** Payload for `dispatch`: fixed, or computed per session (null skips that session). */
export type DispatchData = Json | ((session: GatewaySession) => Json | null);

/** Gateway v10, JSON encoding, no compression: HELLO, heartbeats, IDENTIFY/READY, RESUME with replay, dispatches. */
export class GatewayServer {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #host: GatewayHost;
  readonly #connections = new Set<Connection>();
  readonly sessions = new Map<string, GatewaySession>();

  constructor(host: GatewayHost) {
    this.#host = host;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, req));
  }

  /** Sends a dispatch to every live session (sequence numbers per session; logged for replay). */
  dispatch(t: string, data: DispatchData, filter: (s: GatewaySession) => boolean = () => true): void {
    for (const session of this.sessions.values()) {
      if (filter(session)) this.dispatchTo(session, t, data);
    }
  }

  dispatchTo(session: GatewaySession, t: string, data: DispatchData): void {
    const d = typeof data === "function" ? data(session) : data;
    if (d === null) return;
    session.seq += 1;
    session.log.push({ s: session.seq, t, d });
    if (session.socket?.readyState === WebSocket.OPEN) this.#send(session.socket, { op: 0, d, s: session.seq, t });
  }

  /** Sends a non-dispatch op to every socket bound to a session. */
  sendOp(op: number, d: Json): void {
    for (const conn of this.#connections) if (conn.session) this.#send(conn.socket, { op, d });
  }

  /** Closes every socket; sessions stay resumable unless the code says otherwise. */
  drop(code: number, reason = ""): void {
    for (const conn of this.#connections) this.#close(conn, code, reason);
  }

  /** Marks every session as not resumable (a later RESUME gets op 9 d:false). */
  invalidateSessions(): void {
    this.sessions.clear();
  }

  get connected(): number {
    return [...this.#connections].filter((c) => c.session !== null).length;
  }

  async close(): Promise<void> {
    for (const conn of this.#connections) conn.socket.terminate();
    this.#connections.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(socket: WebSocket, req: IncomingMessage): void {
    const conn: Connection = { socket, session: null, closedByServer: false };
    this.#connections.add(conn);
    socket.on("close", (code) => {
      this.#connections.delete(conn);
      const session = conn.session;
      if (!session || session.socket !== socket) return;
      session.socket = null;
      // A client closing with 1000/1001 ends its session; anything else (or our own close) leaves it resumable.
      if (!conn.closedByServer && (code === 1000 || code === 1001)) this.sessions.delete(session.id);
    });
    socket.on("error", () => {});
    socket.on("message", (data, isBinary) => this.#onMessage(conn, data, isBinary));
    const query = new URL(req.url ?? "/", "http://127.0.0.1").searchParams;
    if (query.get("v") !== "10") {
      this.#close(conn, 4012, "Invalid API version.");
      return;
    }
    if ((query.get("encoding") ?? "json") !== "json") {
      this.#close(conn, 4002, "Error while decoding payload.");
      return;
    }
    this.#send(socket, { op: 10, d: { heartbeat_interval: this.#host.heartbeatIntervalMs } });
  }

  #onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    let frame: Json;
    try {
      if (isBinary) throw new Error("binary");
      frame = JSON.parse(data.toString());
      if (typeof frame !== "object" || frame === null || typeof frame.op !== "number") throw new Error("shape");
    } catch {
      this.#host.recordReceived({ op: -1, d: data.toString(), at: Date.now() });
      this.#close(conn, 4002, "Error while decoding payload.");
      return;
    }
    const shard = conn.session?.shard[0];
    this.#host.recordReceived({
      op: frame.op,
      d: frame.d,
      s: frame.s,
      t: frame.t,
      at: Date.now(),
      ...(shard !== undefined ? { shard } : {}),
    });
    switch (frame.op) {
      case 1:
        this.#send(conn.socket, { op: 11 });
        return;
      case 2:
        this.#identify(conn, frame.d);
        return;
      case 6:
        this.#resume(conn, frame.d);
        return;
      case 3:
      case 4:
      case 8: {
        const session = conn.session;
        if (!session) {
          this.#close(conn, 4003, "Not authenticated.");
          return;
        }
        if (frame.op === 4) this.#host.voiceStateUpdate(session, frame.d ?? {});
        if (frame.op === 8)
          for (const chunk of this.#host.requestMembers(session, frame.d ?? {}))
            this.dispatchTo(session, "GUILD_MEMBERS_CHUNK", chunk);
        return;
      }
      default:
        return; // unknown ops are recorded and otherwise ignored
    }
  }

  /** IDENTIFY and RESUME both need an unauthenticated connection and the bot's token; closes it otherwise. */
  #authenticate(conn: Connection, d: Json): boolean {
    if (conn.session) {
      this.#close(conn, 4005, "Already authenticated.");
      return false;
    }
    if (d?.token !== this.#host.token) {
      this.#close(conn, 4004, "Authentication failed.");
      return false;
    }
    return true;
  }

  #identify(conn: Connection, d: Json): void {
    if (!this.#authenticate(conn, d)) return;
    const intents = d?.intents;
    if (typeof intents !== "number" || !Number.isInteger(intents) || intents < 0 || (intents & ~VALID_INTENTS) !== 0) {
      this.#close(conn, 4013, "Invalid intent(s).");
      return;
    }
    if ((intents & this.#host.disallowedIntents) !== 0) {
      this.#close(conn, 4014, "Disallowed intent(s).");
      return;
    }
    const shard: [number, number] = Array.isArray(d.shard) ? [Number(d.shard[0]), Number(d.shard[1])] : [0, 1];
    if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) {
      this.#close(conn, 4010, "Invalid shard.");
      return;
    }
    const session = new GatewaySession(randomBytes(16).toString("hex"), intents, shard);
    if (this.#host.guildCount(session) > this.#host.maxGuildsPerShard) {
      this.#close(conn, 4011, "Sharding required.");
      return;
    }
    this.sessions.set(session.id, session);
    conn.session = session;
    session.socket = conn.socket;
    this.dispatchTo(session, "READY", this.#host.ready(session));
    for (const guild of this.#host.guildCreates(session)) this.dispatchTo(session, "GUILD_CREATE", guild);
    this.#host.identified(session);
  }

  #resume(conn: Connection, d: Json): void {
    if (!this.#authenticate(conn, d)) return;
    const session = this.sessions.get(String(d?.session_id));
    const seq = Number(d?.seq);
    if (!session || !Number.isInteger(seq) || seq > session.seq) {
      this.#send(conn.socket, { op: 9, d: false });
      return;
    }
    for (const other of this.#connections) {
      if (other !== conn && other.session === session) this.#close(other, 4009, "Session replaced.");
    }
    conn.session = session;
    session.socket = conn.socket;
    for (const entry of session.log) {
      if (entry.s > seq) this.#send(conn.socket, { op: 0, d: entry.d, s: entry.s, t: entry.t });
    }
    this.dispatchTo(session, "RESUMED", { _trace: ["fake-discord"] });
  }

  #send(socket: WebSocket, frame: { op: number; d?: Json; s?: number; t?: string }): void {
    const wire = { op: frame.op, d: frame.d ?? null, s: frame.s ?? null, t: frame.t ?? null };
    if (socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify(wire));
    this.#host.recordSent({ ...wire, at: Date.now() });
  }

  #close(conn: Connection, code: number, reason: string): void {
    conn.closedByServer = true;
    if (conn.socket.readyState === WebSocket.OPEN || conn.socket.readyState === WebSocket.CONNECTING) {
      conn.socket.close(code, reason);
    }
  }
}
