/**
 * A client session of the fake node (one `ready.sessionId`): its socket, players, resuming configuration, and the
 * pause/replay behaviour of reference A.6.
 */
import { randomInt } from "node:crypto";
import type { WebSocket } from "ws";
import { FakePlayer, type PlayerHost } from "./player.ts";
import type { FakeSegment } from "./types.ts";

const SESSION_ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

export function newSessionId(taken: (id: string) => boolean): string {
  for (;;) {
    let id = "";
    for (let i = 0; i < 16; i++) id += SESSION_ID_CHARS[randomInt(SESSION_ID_CHARS.length)];
    if (!taken(id)) return id;
  }
}

export interface SessionHost {
  readonly playerUpdateIntervalMs: number;
  readonly statsIntervalMs: number;
  /** How long after the socket opened `ready` is sent (0: at once). */
  readyDelayMs(): number;
  readonly autoFinish: boolean;
  readonly playerUpdateOnVoice: boolean;
  /** The stats op body (without `op`), counted across the whole node. */
  stats(): Record<string, unknown>;
  /** Called for every op actually written to a socket. */
  recordSent(sessionId: string, op: Record<string, unknown>): void;
  /** Called once the session is shut down (socket gone without resuming, or resume timeout). */
  onShutdown(session: FakeSession): void;
  /** SponsorBlock segments by track identifier; undefined when the node has no SponsorBlock plugin. */
  readonly segments?: Record<string, FakeSegment[]>;
}

export class FakeSession implements PlayerHost {
  readonly sessionId: string;
  readonly players = new Map<string, FakePlayer>();
  resuming = false;
  /** Resume timeout in seconds (Lavalink default 60). */
  timeoutSeconds = 60;
  /** SponsorBlock categories per guild (`PUT …/sponsorblock/categories`). */
  readonly sponsorBlock = new Map<string, string[]>();
  readonly #host: SessionHost;
  #socket: WebSocket | null = null;
  #paused = false;
  #closed = false;
  #queue: Record<string, unknown>[] = [];
  #expiryTimer: NodeJS.Timeout | null = null;
  #statsTimer: NodeJS.Timeout | null = null;

  constructor(sessionId: string, host: SessionHost) {
    this.sessionId = sessionId;
    this.#host = host;
  }

  get playerUpdateIntervalMs(): number {
    return this.#host.playerUpdateIntervalMs;
  }

  get autoFinish(): boolean {
    return this.#host.autoFinish;
  }

  get playerUpdateOnVoice(): boolean {
    return this.#host.playerUpdateOnVoice;
  }

  /** True while the client is away and the session waits to be resumed. */
  get paused(): boolean {
    return this.#paused;
  }

  get open(): boolean {
    return this.#socket !== null && this.#socket.readyState === 1;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Binds a freshly upgraded socket: `ready`, then (when resuming) queued events and a playerUpdate per player. */
  attach(socket: WebSocket, resumed: boolean): void {
    this.#socket = socket;
    this.#paused = false;
    if (this.#expiryTimer) clearTimeout(this.#expiryTimer);
    this.#expiryTimer = null;
    const begin = () => {
      if (this.#socket !== socket || socket.readyState !== 1) return;
      this.send({ op: "ready", resumed, sessionId: this.sessionId });
      if (resumed) {
        const queued = this.#queue;
        this.#queue = [];
        for (const op of queued) this.#write(op);
        for (const player of this.players.values()) player.sendPlayerUpdate();
      }
      this.#sendStats();
      this.#statsTimer = setInterval(() => this.#sendStats(), this.#host.statsIntervalMs);
      this.#statsTimer.unref();
    };
    const delay = this.#host.readyDelayMs();
    if (delay > 0) setTimeout(begin, delay).unref();
    else begin();
    socket.on("close", () => this.#onSocketClosed(socket));
  }

  /**
   * Sends an op to the client. While the session is paused for resuming, events are queued for replay and
   * playerUpdate/stats are skipped, like real Lavalink; after shutdown everything is dropped.
   */
  send(op: Record<string, unknown>): void {
    if (this.#closed) return;
    if (this.#paused) {
      if (op.op === "event") this.#queue.push(op);
      return;
    }
    this.#write(op);
  }

  /** The segments the SponsorBlock plugin skips in this track for the guild's categories; null when it skips none. */
  skippedSegments(guildId: string, identifier: string): FakeSegment[] | null {
    const categories = this.sponsorBlock.get(guildId) ?? [];
    if (!this.#host.segments || categories.length === 0) return null;
    return (this.#host.segments[identifier] ?? []).filter((s) => categories.includes(s.category));
  }

  player(guildId: string): FakePlayer | undefined {
    return this.players.get(guildId);
  }

  getOrCreatePlayer(guildId: string): FakePlayer {
    let player = this.players.get(guildId);
    if (!player) {
      player = new FakePlayer(guildId, this);
      this.players.set(guildId, player);
    }
    return player;
  }

  destroyPlayer(guildId: string): void {
    const player = this.players.get(guildId);
    if (!player) return;
    player.destroy();
    this.players.delete(guildId);
  }

  /** Shuts the session down: players stopped, timers cleared, nothing more is sent. */
  shutdown(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#paused = false;
    this.#queue = [];
    this.#clearTimers();
    for (const player of this.players.values()) player.destroy();
    this.players.clear();
    this.#host.onShutdown(this);
  }

  /** Hard-closes the socket (TCP destroyed, no close frame), as a network drop would. */
  dropSocket(): void {
    this.#socket?.terminate();
  }

  #onSocketClosed(socket: WebSocket): void {
    if (socket !== this.#socket || this.#closed) return;
    this.#socket = null;
    if (this.#statsTimer) clearInterval(this.#statsTimer);
    this.#statsTimer = null;
    if (!this.resuming) {
      this.shutdown();
      return;
    }
    this.#paused = true;
    this.#expiryTimer = setTimeout(() => this.shutdown(), this.timeoutSeconds * 1000);
    this.#expiryTimer.unref();
  }

  #sendStats(): void {
    this.send({ op: "stats", ...this.#host.stats() });
  }

  #write(op: Record<string, unknown>): void {
    const socket = this.#socket;
    if (socket?.readyState !== 1) return;
    socket.send(JSON.stringify(op));
    this.#host.recordSent(this.sessionId, op);
  }

  #clearTimers(): void {
    if (this.#expiryTimer) clearTimeout(this.#expiryTimer);
    if (this.#statsTimer) clearInterval(this.#statsTimer);
    this.#expiryTimer = null;
    this.#statsTimer = null;
  }
}
