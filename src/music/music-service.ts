import type { LavalinkManager, Player, Track } from "lavalink-client";
import { BreakerOpenError, type CircuitBreaker } from "../core/breaker.ts";
import type { Clock } from "../core/clock.ts";
import { isUserError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { refusal } from "../i18n/refusals.ts";
import { localError, text, userError } from "../i18n/translate.ts";
import type { StoredTrack } from "../store/types.ts";
import { Autoplay } from "./autoplay.ts";
import type { MusicEngine } from "./engine.ts";
import { PlayerFilterOps } from "./filter-ops.ts";
import { PlayHistory } from "./history.ts";
import { type EnqueueContext, enqueueTracks } from "./lavalink-enqueue.ts";
import type { LavalinkEvents } from "./lavalink-events.ts";
import { moveLavalinkPlayer } from "./lavalink-move.ts";
import { lavalinkSnapshot } from "./lavalink-snapshot.ts";
import { currentLyrics } from "./lyrics.ts";
import { NodeLoader } from "./node-load.ts";
import { NodeRequestError } from "./node-patch.ts";
import { nodeUsable } from "./node-usable.ts";
import { PlayerEvents } from "./player-events.ts";
import { seekTo, setPaused, setVolume, skipTrack, stopTrack } from "./player-updates.ts";
import { wirePlayerEvents } from "./player-wiring.ts";
import { PlayerQueueOps } from "./queue-ops.ts";
import type { LoadedTracks, SearchService } from "./search.ts";
import { SearchChoiceStore } from "./search-choices.ts";
import { fromStoredTrack } from "./stored-track.ts";
import { toTrackView } from "./track-view.ts";
import type {
  JoinOutcome,
  JoinTarget,
  LyricsView,
  PlayRequest,
  PlayResult,
  QueueSnapshot,
  Requester,
  SearchChoices,
  SearchOutcome,
  SearchSource,
  TrackView,
  VoteResult,
} from "./types.ts";
import { joinVoice } from "./voice-join.ts";
import { SkipVotes } from "./vote-skip.ts";

export type { MusicServiceDeps, MusicServiceOptions, PendingChoices } from "./music-service-options.ts";

import type { MusicServiceDeps, MusicServiceOptions } from "./music-service-options.ts";

/** The Lavalink engine: players on Lavalink nodes; every node call passes through the circuit breaker. */
export class LavalinkMusicService implements MusicEngine {
  readonly kind = "lavalink" as const;
  private readonly manager: LavalinkManager;
  private readonly lavalinkEvents: LavalinkEvents;
  private readonly breaker: CircuitBreaker;
  private readonly search_: SearchService;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly opts: MusicServiceOptions;
  private readonly choices: SearchChoiceStore<Track>;
  private readonly playHistory: PlayHistory;
  private readonly votes = new SkipVotes();
  private unwire: (() => void) | null = null;
  /** Player events for Encore's own listeners (now-playing messages). */
  readonly events: PlayerEvents;
  readonly autoplay: Autoplay;
  readonly queueOps: PlayerQueueOps;
  readonly filters: PlayerFilterOps;
  /** Loads links and searches on a node that serves them, through the breaker (the search service uses it). */
  readonly loader: NodeLoader;
  /** What `enqueueTracks`, the one way tracks join a queue, needs from this engine. */
  private readonly enqueueCtx: EnqueueContext;

  constructor(opts: MusicServiceOptions, deps: MusicServiceDeps) {
    this.opts = opts;
    this.manager = deps.manager;
    this.lavalinkEvents = deps.lavalinkEvents;
    this.breaker = deps.breaker;
    this.search_ = deps.search;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.choices = new SearchChoiceStore(deps.choices);
    this.events = deps.events ?? new PlayerEvents(deps.logger);
    this.playHistory = deps.history ?? new PlayHistory();
    const guard = <T>(fn: () => Promise<T>) => this.guard(fn);
    this.loader = new NodeLoader({ manager: deps.manager, guard });
    const changed = (guildId: string) => this.events.emit("changed", guildId);
    this.autoplay = new Autoplay({
      manager: deps.manager,
      history: this.playHistory,
      load: (query, source) => this.load(query, source),
      guard,
      logger: deps.logger,
      changed,
    });
    this.queueOps = new PlayerQueueOps({
      manager: deps.manager,
      guard,
      changed,
      queueEmptied: (guildId) => void this.autoplay.ensure(guildId),
    });
    this.filters = new PlayerFilterOps({ manager: deps.manager, guard, changed });
    this.enqueueCtx = {
      manager: deps.manager,
      maxQueueLength: opts.maxQueueLength,
      refuseWhenUnavailable: () => this.refuseWhenUnavailable(),
      joinedPlayer: (r) => this.joinedPlayer(r),
      guard,
    };
  }

  /** Subscribes to the manager's player events. */
  start(): void {
    this.unwire ??= wirePlayerEvents({
      lavalink: this.lavalinkEvents,
      events: this.events,
      history: this.playHistory,
      votes: this.votes,
      autoplay: this.autoplay,
      maxConsecutiveFailures: this.opts.maxConsecutiveFailures ?? 3,
      stop: (player) => this.guard(() => stopTrack(player)),
      logger: this.logger,
    });
  }

  /** Unsubscribes from the manager's player events (shutdown). */
  detach(): void {
    this.unwire?.();
    this.unwire = null;
  }

  available(): boolean {
    return this.usableNode() !== undefined && this.breaker.isCallPermitted();
  }

  down(): boolean {
    return !this.manager.nodeManager.leastUsedNodes().some(nodeUsable);
  }

  hasPlayer(guildId: string): boolean {
    return this.manager.getPlayer(guildId) !== undefined;
  }

  guildIds(): string[] {
    return [...this.manager.players.keys()];
  }

  /** A node with an open socket, its /v4/info read and a session ({@link nodeUsable}). */
  private usableNode() {
    return this.manager.nodeManager.leastUsedNodes().find(nodeUsable);
  }

  /** Refuses at once, as `guard` would, when no node can take a call: nothing joins voice for a song that cannot play. */
  private refuseWhenUnavailable(): void {
    if (!this.usableNode() && this.breaker.state !== "open") this.breaker.forceOpen("no connected node");
    if (!this.available()) throw userError("MUSIC_UNAVAILABLE", "music.unavailable");
  }

  /** Runs a node call through the breaker; fails fast with MUSIC_UNAVAILABLE when no node is usable. */
  async guard<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.usableNode()) {
      if (this.breaker.state !== "open") this.breaker.forceOpen("no connected node");
      throw userError("MUSIC_UNAVAILABLE", "music.unavailable");
    }
    try {
      return await this.breaker.exec(fn);
    } catch (err) {
      if (err instanceof BreakerOpenError) throw userError("MUSIC_UNAVAILABLE", "music.unavailable");
      if (err instanceof NodeRequestError) {
        this.logger.warn({ err }, "node refused a player update");
        throw localError("NODE_ERROR", text("music.nodeError"), { cause: err });
      }
      throw err;
    }
  }

  /** Searches or loads a link; refuses at once (MUSIC_UNAVAILABLE) when no node is usable. */
  private load(query: string, source?: string): Promise<LoadedTracks> {
    if (!this.usableNode()) {
      if (this.breaker.state !== "open") this.breaker.forceOpen("no connected node");
      return Promise.reject(userError("MUSIC_UNAVAILABLE", "music.unavailable"));
    }
    return this.search_.load(query, source);
  }

  async search(query: string, requester: Requester, source?: SearchSource): Promise<SearchOutcome> {
    const loaded = await this.load(query, source);
    return {
      kind: loaded.kind,
      tracks: loaded.tracks.map((t) => toTrackView({ ...t, requester })),
      playlistName: loaded.playlistName,
      source: loaded.source,
      fellBackFrom: loaded.fellBackFrom ?? null,
      fallbackReason: loaded.fallbackReason ?? null,
    };
  }

  async offerChoices(query: string, requester: Requester, source?: SearchSource, limit = 10): Promise<SearchChoices> {
    const loaded = await this.load(query, source);
    const tracks = loaded.tracks.slice(0, limit);
    if (tracks.length === 0) throw refusal("NO_RESULTS");
    const fellBackFrom = loaded.fellBackFrom ?? null;
    const fallbackReason = loaded.fallbackReason ?? null;
    const id = this.choices.offer({
      userId: requester.id,
      tracks,
      source: loaded.source,
      fellBackFrom,
      fallbackReason,
    });
    return {
      id,
      tracks: tracks.map((t) => toTrackView({ ...t, requester })),
      source: loaded.source,
      fellBackFrom,
      fallbackReason,
    };
  }

  async playChoices(
    req: Omit<PlayRequest, "query">,
    choicesId: string,
    indexes: readonly number[],
  ): Promise<PlayResult> {
    const { picked, pending } = this.choices.take(choicesId, req.requester.id, indexes);
    return enqueueTracks(this.enqueueCtx, req, picked, 0, {
      playlistName: null,
      source: pending.source,
      fellBackFrom: pending.fellBackFrom,
      fallbackReason: pending.fallbackReason,
    });
  }

  async play(req: PlayRequest): Promise<PlayResult> {
    const loaded: LoadedTracks = await this.load(req.query, req.source);
    if (loaded.tracks.length === 0) throw refusal("NO_RESULTS");
    const playlist = loaded.kind === "playlist";
    const wanted = playlist ? loaded.tracks.slice(0, this.opts.maxPlaylistTracks) : loaded.tracks.slice(0, 1);
    // A file without tags: the node's http source says "Unknown title"; the file's name says more.
    if (req.fileTitle)
      for (const t of wanted) if (!t.info.title || t.info.title === "Unknown title") t.info.title = req.fileTitle;
    return enqueueTracks(this.enqueueCtx, req, wanted, loaded.tracks.length - wanted.length, {
      playlistName: playlist ? loaded.playlistName : null,
      source: loaded.source,
      fellBackFrom: loaded.fellBackFrom ?? null,
      fallbackReason: loaded.fallbackReason ?? null,
    });
  }

  async playStored(req: Omit<PlayRequest, "query">, stored: readonly StoredTrack[]): Promise<PlayResult> {
    const playable = stored.filter((t) => typeof t.encoded === "string" && t.encoded.length > 0);
    if (playable.length === 0) throw userError("NO_RESULTS", "playlist.nothingToPlay");
    // Saved tracks carry their encoded form: no search, the node plays them as they are.
    const wanted = playable.slice(0, this.opts.maxPlaylistTracks).map((t) => fromStoredTrack(this.manager, t));
    return enqueueTracks(this.enqueueCtx, req, wanted, stored.length - wanted.length, {
      playlistName: null,
      source: null,
      fellBackFrom: null,
      fallbackReason: null,
    });
  }

  /** Voice moves and joins wait on Discord, not the node, so they run outside the breaker (see `enqueue`). */
  async join(target: JoinTarget): Promise<JoinOutcome> {
    this.refuseWhenUnavailable();
    const existing = this.manager.getPlayer(target.guildId);
    if (existing?.voiceChannelId && existing.voice.endpoint) {
      if (existing.voiceChannelId === target.voiceChannelId) return "already-there";
      await moveLavalinkPlayer(
        existing,
        existing.voiceChannelId,
        target.voiceChannelId,
        this.clock,
        this.opts.voiceConnectTimeoutMs,
      );
      this.events.emit("changed", target.guildId);
      return "moved";
    }
    await this.joinedPlayer(target);
    return "joined";
  }

  private joinedPlayer(req: JoinTarget): Promise<Player> {
    return joinVoice(this.manager, req, {
      defaultVolume: req.defaultVolume ?? this.opts.defaultVolume,
      timeoutMs: this.opts.voiceConnectTimeoutMs,
      clock: this.clock,
    });
  }

  snapshot(guildId: string): QueueSnapshot | null {
    const player = this.manager.getPlayer(guildId);
    return player ? lavalinkSnapshot(player, this.filters.labels(guildId), this.autoplay.isEnabled(guildId)) : null;
  }

  botVoiceChannel(guildId: string): string | null {
    return this.manager.getPlayer(guildId)?.voiceChannelId ?? null;
  }

  history(guildId: string): readonly TrackView[] {
    return this.playHistory.list(guildId);
  }

  private active(guildId: string): Player {
    const player = this.manager.getPlayer(guildId);
    if (!player?.queue.current) throw refusal("NO_PLAYER");
    return player;
  }

  async pause(guildId: string): Promise<void> {
    const player = this.active(guildId);
    if (player.paused) throw userError("ALREADY_PAUSED", "music.alreadyPaused");
    await this.guard(() => setPaused(player, true));
    this.events.emit("changed", guildId);
  }

  async resume(guildId: string): Promise<void> {
    const player = this.active(guildId);
    if (!player.paused) throw userError("NOT_PAUSED", "music.notPaused");
    await this.guard(() => setPaused(player, false));
    this.events.emit("changed", guildId);
  }

  async skip(guildId: string): Promise<TrackView | null> {
    const player = this.active(guildId);
    const skipped = player.queue.current ? toTrackView(player.queue.current) : null;
    await this.guard(() => skipTrack(player));
    return skipped;
  }

  async voteSkip(guildId: string, userId: string, listeners: readonly string[], ratio: number): Promise<VoteResult> {
    const player = this.active(guildId);
    const current = player.queue.current as Track;
    const tally = this.votes.vote(guildId, current.encoded ?? current.info.title, userId, listeners, ratio);
    if (!tally.passed) return { votes: tally.votes, needed: tally.needed, skipped: null, repeated: tally.repeated };
    const skipped = await this.skip(guildId);
    this.votes.reset(guildId);
    return { votes: tally.votes, needed: tally.needed, skipped, repeated: tally.repeated };
  }

  async stop(guildId: string): Promise<void> {
    const player = this.manager.getPlayer(guildId);
    if (!player) throw refusal("NO_PLAYER");
    await this.guard(() => stopTrack(player));
  }

  async leave(guildId: string): Promise<void> {
    const player = this.manager.getPlayer(guildId);
    if (!player) throw userError("NOT_CONNECTED", "music.notConnected");
    await this.guard(() => player.destroy("LeaveCommand"));
  }

  async setVolume(guildId: string, volume: number): Promise<void> {
    const player = this.manager.getPlayer(guildId);
    if (!player) throw refusal("NO_PLAYER");
    await this.guard(() => setVolume(player, volume));
  }

  async seek(guildId: string, positionMs: number): Promise<void> {
    const player = this.active(guildId);
    const current = player.queue.current;
    if (!current?.info.isSeekable || current.info.isStream) {
      throw userError("NOT_SEEKABLE", "music.cannotSeek");
    }
    if (positionMs > current.info.duration) {
      throw userError("BAD_ARGUMENT", "music.pastEnd");
    }
    await this.guard(() => seekTo(player, positionMs));
  }

  lyrics(guildId: string): Promise<LyricsView> {
    return currentLyrics(this.active(guildId), (fn) => this.guard(fn));
  }

  /** Called on shutdown: leave every voice channel and delete the node players. */
  async destroyAll(reason: string, which: (player: Player) => boolean = () => true): Promise<void> {
    await Promise.allSettled(
      [...this.manager.players.values()].filter(which).map((p) =>
        p.destroy(reason).catch((err: unknown) => {
          if (!isUserError(err)) this.logger.warn({ err, guildId: p.guildId }, "player destroy failed");
        }),
      ),
    );
  }
}
