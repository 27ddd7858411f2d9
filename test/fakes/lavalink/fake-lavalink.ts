/**
 * A wire-level fake Lavalink v4 node on 127.0.0.1 (REST + WebSocket) for Encore's tests: the real
 * `lavalink-client` talks to it unmodified. It records all traffic, lets tests drive playback events, and
 * injects faults (kill/restart, 5xx, latency, dropped sockets).
 */
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import type { WebSocket } from "ws";
import { InjectedFailures } from "./failures.ts";
import { FILTERS } from "./filter-names.ts";
import { errorBody } from "./http-util.ts";
import type { FakePlayer } from "./player.ts";
import { TrafficLog } from "./recorder.ts";
import { handleRest, type RestContext } from "./rest.ts";
import { FakeSession, newSessionId, type SessionHost } from "./session.ts";
import { TrackCatalog } from "./tracks.ts";
import type {
  FakeLavalinkOptions,
  FakePlayerState,
  LavalinkHandshake,
  LavalinkRequest,
  LavalinkSentOp,
  TrackEndReason,
  WireJson,
} from "./types.ts";
import { type UpgradeContext, UpgradeHandler } from "./websocket.ts";

export class FakeLavalink {
  readonly host = "127.0.0.1" as const;
  readonly password: string;
  readonly #version: string;
  readonly #sourceManagers: string[];
  readonly #plugins: { name: string; version: string }[];
  readonly #catalog: TrackCatalog;
  readonly #playerUpdateIntervalMs: number;
  readonly #statsIntervalMs: number;
  #readyDelayMs = 0;
  readonly #autoFinish: boolean;
  readonly #playerUpdateOnVoice: boolean;
  readonly #nodeLink: boolean;
  readonly #resumable: boolean;
  readonly #lyrics: FakeLavalinkOptions["lyrics"];
  readonly #segments: FakeLavalinkOptions["segments"];
  readonly #javaLyrics: NonNullable<FakeLavalinkOptions["lyrics"]>;
  readonly #startedAt = Date.now();
  readonly #requests = new TrafficLog<LavalinkRequest>("request", (r) => `${r.method} ${r.path} → ${r.status}`);
  readonly #handshakes = new TrafficLog<LavalinkHandshake>("handshake", (h) => `${h.status} resumed=${h.resumed}`);
  readonly #ops = new TrafficLog<WireJson>("ws op", (op) => JSON.stringify(op).slice(0, 160));
  readonly #wsLog: LavalinkSentOp[] = [];
  readonly #sessions = new Map<string, FakeSession>();
  readonly #connections = new Set<Socket>();
  readonly #sockets = new Set<WebSocket>();
  readonly #failures = new InjectedFailures();
  readonly #upgrade: UpgradeHandler;
  readonly #rest: RestContext;
  readonly #sessionHost: SessionHost;
  #server: Server | null = null;
  #port: number;
  #latencyMs = 0;
  #pathLatency: { suffix: string; ms: number }[] = [];
  #stopped = false;

  private constructor(opts: FakeLavalinkOptions) {
    this.password = opts.password ?? "youshallnotpass";
    this.#port = opts.port ?? 0;
    this.#version = opts.version ?? "4.2.2";
    this.#sourceManagers = opts.sourceManagers ?? ["youtube", "soundcloud", "http"];
    this.#plugins = opts.plugins ?? [];
    this.#catalog = new TrackCatalog(
      opts.catalog ?? [],
      opts.playlists ?? [],
      opts.loadErrors ?? {},
      this.#sourceManagers,
      opts.synthesizeSearchResults ?? 0,
      opts.httpFiles ?? false,
      opts.shortLinks ?? {},
    );
    this.#playerUpdateIntervalMs = opts.playerUpdateIntervalMs ?? 5000;
    this.#statsIntervalMs = opts.statsIntervalMs ?? 60_000;
    this.#autoFinish = opts.autoFinish ?? false;
    this.#playerUpdateOnVoice = opts.playerUpdateOnVoice ?? true;
    this.#nodeLink = opts.nodeLink ?? false;
    this.#resumable = opts.resumable ?? true;
    this.#lyrics = this.#plugins.some((p) => p.name === "lavalyrics-plugin") ? (opts.lyrics ?? {}) : undefined;
    this.#javaLyrics = opts.javaLyrics ?? opts.lyrics ?? {};
    this.#segments = this.#plugins.some((p) => p.name === "sponsorblock-plugin") ? (opts.segments ?? {}) : undefined;
    this.#sessionHost = this.#makeSessionHost();
    this.#rest = this.#makeRestContext();
    this.#upgrade = new UpgradeHandler(this.#makeUpgradeContext());
  }

  /** Starts a node listening on 127.0.0.1 (random port unless `opts.port`). */
  static async start(opts: FakeLavalinkOptions = {}): Promise<FakeLavalink> {
    const node = new FakeLavalink(opts);
    await node.#listen();
    return node;
  }

  get port(): number {
    return this.#port;
  }

  /** Every REST request, in arrival order of their responses. */
  get requests(): LavalinkRequest[] {
    return this.#requests.items;
  }

  /** Every WebSocket upgrade attempt, accepted or refused. */
  get handshakes(): LavalinkHandshake[] {
    return this.#handshakes.items;
  }

  /** Every op written to a client socket, in order (replayed events appear when replayed). */
  get wsSent(): WireJson[] {
    return this.#ops.items;
  }

  /** Like wsSent, with the session each op went to. */
  get wsLog(): LavalinkSentOp[] {
    return this.#wsLog;
  }

  /** `lavalink://<id>:<password>@127.0.0.1:<port>`, the LAVALINK_NODES entry for this node. */
  nodeUrl(id = "main"): string {
    return `lavalink://${id}:${encodeURIComponent(this.password)}@${this.host}:${this.port}`;
  }

  waitForRequest(pred: (r: LavalinkRequest) => boolean, timeoutMs = 5000): Promise<LavalinkRequest> {
    return this.#requests.waitFor(pred, timeoutMs);
  }

  waitForEvent(pred: (op: WireJson) => boolean, timeoutMs = 5000): Promise<WireJson> {
    return this.#ops.waitFor(pred, timeoutMs);
  }

  waitForHandshake(pred: (h: LavalinkHandshake) => boolean, timeoutMs = 5000): Promise<LavalinkHandshake> {
    return this.#handshakes.waitFor(pred, timeoutMs);
  }

  /** Resolves with the id of a session whose socket is open (already, or once one sends `ready`). */
  async waitForConnection(timeoutMs = 5000): Promise<string> {
    const open = [...this.#sessions.values()].find((s) => s.open);
    if (open) return open.sessionId;
    const ready = await this.#ops.waitFor(
      (op) => op.op === "ready" && this.#sessions.get(op.sessionId)?.open === true,
      timeoutMs,
    );
    return ready.sessionId as string;
  }

  /** Ids of sessions alive on the node, connected or waiting to be resumed. */
  sessionIds(): string[] {
    return [...this.#sessions.keys()];
  }

  /** The player of `guildId` in the live session (connected first, else one waiting to be resumed). */
  player(guildId: string): FakePlayerState | undefined {
    return this.#findPlayer(guildId)?.snapshot();
  }

  /** Ends the current track with TrackEndEvent `reason` (default "finished"). */
  endTrack(guildId: string, reason: TrackEndReason = "finished"): void {
    this.#requirePlaying(guildId).end(reason);
  }

  /** TrackExceptionEvent, then TrackEndEvent `loadFailed`, like a real playback error. */
  failTrack(guildId: string, message: string, severity: "common" | "suspicious" | "fault" = "common"): void {
    this.#requirePlaying(guildId).fail(message, severity);
  }

  /** TrackStuckEvent; the track stays loaded (the client decides what to do). */
  stickTrack(guildId: string, thresholdMs = 10_000): void {
    this.#requirePlaying(guildId).stuck(thresholdMs);
  }

  /** WebSocketClosedEvent for the guild's voice connection (e.g. 4014, 4006, 4017); voice becomes disconnected. */
  closeVoice(guildId: string, code: number, reason: string): void {
    const player = this.#findPlayer(guildId);
    if (!player) throw new Error(`fake lavalink: no player for guild ${guildId}`);
    player.closeVoice(code, reason);
  }

  /** Drops every client socket without a close frame (network blip); the node keeps listening. */
  dropConnections(): void {
    for (const session of this.#sessions.values()) session.dropSocket();
  }

  /** Like SIGKILL: every socket destroyed, connection refused afterwards, all sessions lost. */
  async kill(): Promise<void> {
    for (const session of [...this.#sessions.values()]) session.shutdown();
    this.#sessions.clear();
    for (const ws of this.#sockets) ws.terminate();
    this.#sockets.clear();
    for (const socket of this.#connections) socket.destroy();
    this.#connections.clear();
    const server = this.#server;
    this.#server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Listens again on the same port, with no sessions (a fresh node process). */
  async restart(): Promise<void> {
    if (this.#stopped) throw new Error("fake lavalink: stopped nodes cannot restart");
    if (this.#server) await this.kill();
    await this.#listen();
  }

  /** The next `count` REST requests whose path starts with `pathPrefix` fail with `status` and Lavalink's error JSON. */
  failNext(count: number, status = 500, pathPrefix = ""): void {
    this.#failures.byPath(count, status, pathPrefix);
  }

  /** The next `count` player updates (`PATCH /v4/sessions/{id}/players/{guildId}`) fail with `status`. */
  failPlayerUpdates(count: number, status = 500): void {
    this.#failures.playerUpdates(count, status);
  }

  /** The next `count` player updates that start a track (their body has `track`) fail with `status`. */
  failTrackStarts(count: number, status = 500): void {
    this.#failures.trackStarts(count, status);
  }

  /** Forgets the failures asked for with `failNext`, `failPlayerUpdates` and `failTrackStarts` that are still pending. */
  clearFailures(): void {
    this.#failures.clear();
  }

  /**
   * Sessions opened from now on send `ready` (their session id) `ms` after the socket opened, as a busy node may:
   * the client is connected, and has read `/v4/info`, before it has a session.
   */
  delayReady(ms: number): void {
    this.#readyDelayMs = Math.max(0, ms);
  }

  /** Delays every REST response by `ms`. */
  setLatency(ms: number): void {
    this.#latencyMs = Math.max(0, ms);
  }

  /** Delays the responses to requests whose path ends with `suffix` by `ms` more (0 removes the delay). */
  delayPath(suffix: string, ms: number): void {
    this.#pathLatency = this.#pathLatency.filter((d) => d.suffix !== suffix);
    if (ms > 0) this.#pathLatency.push({ suffix, ms });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.kill();
    this.#upgrade.close();
  }

  async #listen(): Promise<void> {
    const server = createServer((req, res) => {
      handleRest(this.#rest, req, res).catch((error: unknown) => {
        if (res.headersSent) return res.destroy();
        res.writeHead(500, { "Content-Type": "application/json", "Lavalink-Api-Version": "4" });
        res.end(JSON.stringify(errorBody(500, String(error), req.url ?? "/", false)));
      });
    });
    server.on("connection", (socket) => {
      this.#connections.add(socket);
      socket.on("close", () => this.#connections.delete(socket));
    });
    server.on("upgrade", (req, socket, head) => this.#upgrade.handle(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.#port, this.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    if (address && typeof address === "object") this.#port = address.port;
    this.#server = server;
  }

  #findPlayer(guildId: string): FakePlayer | undefined {
    const sessions = [...this.#sessions.values()].reverse();
    const live = sessions.find((s) => s.open && s.player(guildId));
    return (live ?? sessions.find((s) => s.player(guildId)))?.player(guildId);
  }

  #requirePlaying(guildId: string): FakePlayer {
    const player = this.#findPlayer(guildId);
    if (!player?.track) throw new Error(`fake lavalink: no track loaded for guild ${guildId}`);
    return player;
  }

  #stats(): Record<string, unknown> {
    let players = 0;
    let playingPlayers = 0;
    for (const session of this.#sessions.values()) {
      for (const player of session.players.values()) {
        players++;
        if (player.playing) playingPlayers++;
      }
    }
    const mb = 1024 * 1024;
    return {
      players,
      playingPlayers,
      uptime: Date.now() - this.#startedAt,
      memory: { free: 200 * mb, used: 56 * mb, allocated: 256 * mb, reservable: 1024 * mb },
      cpu: { cores: 2, systemLoad: 0.05, lavalinkLoad: 0.01 },
    };
  }

  #info(): Record<string, unknown> {
    const m = /^(\d+)\.(\d+)\.(\d+)(?:-([^+]+))?(?:\+(.+))?$/.exec(this.#version);
    if (this.#nodeLink) {
      // NodeLink's shape: its own release numbers, sent as strings, and a flag that says which server it is.
      return {
        version: {
          semver: this.#version,
          major: m?.[1] ?? "0",
          minor: m?.[2] ?? "0",
          patch: m?.[3] ?? "0",
          preRelease: m?.[4] ?? null,
        },
        buildTime: this.#startedAt,
        git: { branch: "main", commit: "0000000", commitTime: this.#startedAt },
        node: "v22.12.0",
        voice: { name: "@performanc/voice", version: "1.0.0" },
        isNodeLink: true,
        sourceManagers: this.#sourceManagers,
        filters: FILTERS,
        plugins: this.#plugins,
      };
    }
    return {
      version: {
        semver: this.#version,
        major: Number(m?.[1] ?? 4),
        minor: Number(m?.[2] ?? 0),
        patch: Number(m?.[3] ?? 0),
        preRelease: m?.[4] ?? null,
        build: m?.[5] ?? null,
      },
      buildTime: this.#startedAt,
      git: { branch: "main", commit: "0000000", commitTime: this.#startedAt },
      jvm: "17.0.15",
      lavaplayer: "2.2.6",
      sourceManagers: this.#sourceManagers,
      filters: FILTERS,
      plugins: this.#plugins,
    };
  }

  #requiresChannelId(): boolean {
    if (this.#nodeLink) return false;
    const [major = 4, minor = 0] = this.#version.split(".").map((n) => Number.parseInt(n, 10));
    return major > 4 || (major === 4 && minor >= 2);
  }

  #makeSessionHost(): SessionHost {
    return {
      playerUpdateIntervalMs: this.#playerUpdateIntervalMs,
      statsIntervalMs: this.#statsIntervalMs,
      readyDelayMs: () => this.#readyDelayMs,
      autoFinish: this.#autoFinish,
      playerUpdateOnVoice: this.#playerUpdateOnVoice,
      ...(this.#segments ? { segments: this.#segments } : {}),
      stats: () => {
        const stats = this.#stats();
        const anyPlayers = (stats.players as number) > 0;
        return { ...stats, frameStats: anyPlayers ? { sent: 3000, nulled: 0, deficit: 0 } : null };
      },
      recordSent: (sessionId, op) => {
        this.#wsLog.push({ sessionId, op, at: Date.now() });
        this.#ops.push(op);
      },
      onShutdown: (session) => {
        if (this.#sessions.get(session.sessionId) === session) this.#sessions.delete(session.sessionId);
      },
    };
  }

  #makeRestContext(): RestContext {
    return {
      password: this.password,
      version: this.#version,
      catalog: this.#catalog,
      sessions: this.#sessions,
      requiresChannelId: this.#requiresChannelId(),
      resumable: this.#resumable,
      ...(this.#lyrics ? { lyrics: this.#lyrics } : {}),
      ...(this.#plugins.some((p) => p.name === "java-lyrics-plugin") ? { javaLyrics: this.#javaLyrics } : {}),
      sponsorBlock: this.#segments !== undefined,
      info: () => this.#info(),
      stats: () => this.#stats(),
      latencyMs: (path) =>
        this.#latencyMs + this.#pathLatency.reduce((sum, d) => sum + (path.endsWith(d.suffix) ? d.ms : 0), 0),
      takeInjectedFailure: (method, path, body) => this.#failures.take(method, path, body),
      recordRequest: (request) => this.#requests.push(request),
    };
  }

  #makeUpgradeContext(): UpgradeContext {
    return {
      password: this.password,
      resumable: (sessionId) => {
        const session = this.#sessions.get(sessionId);
        return session?.paused ? session : undefined;
      },
      createSession: () => {
        const session = new FakeSession(
          newSessionId((id) => this.#sessions.has(id)),
          this.#sessionHost,
        );
        this.#sessions.set(session.sessionId, session);
        return session;
      },
      recordHandshake: (handshake) => this.#handshakes.push(handshake),
      trackSocket: (ws) => {
        this.#sockets.add(ws);
        ws.on("close", () => this.#sockets.delete(ws));
      },
    };
  }
}
