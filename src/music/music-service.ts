import type { LavalinkManager, Player, SearchResult, Track } from "lavalink-client";
import { BreakerOpenError, type CircuitBreaker } from "../core/breaker.ts";
import type { Clock } from "../core/clock.ts";
import { isUserError, UserError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { SearchService } from "./search.ts";
import { toTrackView } from "./track-view.ts";
import type {
  LoopMode,
  MusicService,
  PlayRequest,
  PlayResult,
  QueueSnapshot,
  Requester,
  SearchOutcome,
  SearchSource,
  TrackView,
} from "./types.ts";

export const MUSIC_UNAVAILABLE_MESSAGE = "Music nodes are unavailable, retrying… please try again in a moment.";

export interface MusicServiceOptions {
  defaultVolume: number;
  maxQueueLength: number;
  maxPlaylistTracks: number;
  voiceConnectTimeoutMs: number;
}

/** The facade commands use; every node call passes through the circuit breaker. */
export class LavalinkMusicService implements MusicService {
  private readonly manager: LavalinkManager;
  private readonly breaker: CircuitBreaker;
  private readonly search_: SearchService;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly opts: MusicServiceOptions;

  constructor(
    opts: MusicServiceOptions,
    deps: { manager: LavalinkManager; breaker: CircuitBreaker; search: SearchService; clock: Clock; logger: Logger },
  ) {
    this.opts = opts;
    this.manager = deps.manager;
    this.breaker = deps.breaker;
    this.search_ = deps.search;
    this.clock = deps.clock;
    this.logger = deps.logger;
  }

  available(): boolean {
    return this.usableNode() !== undefined && this.breaker.isCallPermitted();
  }

  /** A connected node that has answered /v4/info (the client refuses to search on one that has not yet). */
  private usableNode() {
    return this.manager.nodeManager.leastUsedNodes().find((n) => n.connected && n.info);
  }

  /** Runs a node call through the breaker; fails fast with MUSIC_UNAVAILABLE when no node is usable. */
  async guard<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.usableNode()) {
      if (this.breaker.state !== "open") this.breaker.forceOpen("no connected node");
      throw new UserError("MUSIC_UNAVAILABLE", MUSIC_UNAVAILABLE_MESSAGE);
    }
    try {
      return await this.breaker.exec(fn);
    } catch (err) {
      if (err instanceof BreakerOpenError) throw new UserError("MUSIC_UNAVAILABLE", MUSIC_UNAVAILABLE_MESSAGE);
      throw err;
    }
  }

  /** One node search, used by the search service (which handles caching and fallback). */
  nodeSearch = async (query: string, source: SearchSource | null): Promise<SearchResult> => {
    const node = this.usableNode();
    if (!node) throw new UserError("MUSIC_UNAVAILABLE", MUSIC_UNAVAILABLE_MESSAGE);
    const res = await node.search(source ? { query, source } : { query }, null);
    // lavalink-client resolves a 5xx as an empty result with no load type; that is a node failure, not "no matches".
    if (!res || !["track", "playlist", "search", "empty", "error"].includes(res.loadType)) {
      throw new Error(`node ${node.id} answered the search with an invalid response`);
    }
    return res;
  };

  async search(query: string, requester: Requester, source?: SearchSource): Promise<SearchOutcome> {
    const loaded = await this.guard(() => this.search_.load(query, source));
    return {
      kind: loaded.kind,
      tracks: loaded.tracks.map((t) => toTrackView({ ...t, requester })),
      playlistName: loaded.playlistName,
      source: loaded.source,
    };
  }

  async play(req: PlayRequest): Promise<PlayResult> {
    const loaded = await this.guard(() => this.search_.load(req.query));
    if (loaded.tracks.length === 0) throw new UserError("NO_RESULTS", "I couldn't find anything for that.");
    const wanted =
      loaded.kind === "playlist" ? loaded.tracks.slice(0, this.opts.maxPlaylistTracks) : loaded.tracks.slice(0, 1);
    let truncated = loaded.kind === "playlist" ? loaded.tracks.length - wanted.length : 0;

    return this.guard(async () => {
      const player = await this.joinedPlayer(req);
      const room = Math.max(0, this.opts.maxQueueLength - player.queue.tracks.length);
      if (room === 0) throw new UserError("QUEUE_FULL", `The queue is full (${this.opts.maxQueueLength} tracks).`);
      const accepted = wanted.slice(0, room);
      truncated += wanted.length - accepted.length;
      // Cached search results carry no requester; rebuild each track for this requester (also sets userData).
      const tracks: Track[] = accepted.map((t) => this.manager.utils.buildTrack(t, req.requester));
      const idle = !player.playing && !player.paused && !player.queue.current;
      if (req.next) await player.queue.add(tracks, 0);
      else await player.queue.add(tracks);
      const position = idle ? 0 : req.next ? 1 : player.queue.tracks.length - tracks.length + 1;
      if (idle) await player.play({ paused: false });
      return {
        added: tracks.map(toTrackView),
        playlistName: loaded.kind === "playlist" ? loaded.playlistName : null,
        startedPlaying: idle,
        position,
        truncated,
      };
    });
  }

  private async joinedPlayer(req: PlayRequest): Promise<Player> {
    const existing = this.manager.getPlayer(req.guildId);
    if (existing?.voiceChannelId && existing.voice.endpoint) return existing;
    const player =
      existing ??
      this.manager.createPlayer({
        guildId: req.guildId,
        voiceChannelId: req.voiceChannelId,
        textChannelId: req.textChannelId,
        selfDeaf: true,
        volume: this.opts.defaultVolume,
      });
    await player.connect();
    if (!(await this.waitForVoice(player))) {
      await player.destroy("VoiceConnectTimeout").catch(() => undefined);
      throw new UserError(
        "VOICE_FAILED",
        "I couldn't join your voice channel. Check that I have the Connect and Speak permissions there.",
      );
    }
    return player;
  }

  /** Discord answers a voice join with VOICE_STATE_UPDATE + VOICE_SERVER_UPDATE; wait for both to reach the player. */
  private waitForVoice(player: Player): Promise<boolean> {
    const ready = () => Boolean(player.voice.sessionId && player.voice.token && player.voice.endpoint);
    if (ready()) return Promise.resolve(true);
    const started = this.clock.now();
    return new Promise((resolve) => {
      const tick = () => {
        if (ready()) return resolve(true);
        if (this.clock.now() - started >= this.opts.voiceConnectTimeoutMs) return resolve(false);
        this.clock.setTimeout(tick, 20);
      };
      this.clock.setTimeout(tick, 20);
    });
  }

  snapshot(guildId: string): QueueSnapshot | null {
    const player = this.manager.getPlayer(guildId);
    if (!player) return null;
    return {
      guildId,
      current: player.queue.current ? toTrackView(player.queue.current) : null,
      positionMs: Math.max(0, Math.round(player.position)),
      paused: player.paused,
      volume: player.volume,
      loop: player.repeatMode as LoopMode,
      upcoming: player.queue.tracks.map(toTrackView),
      voiceChannelId: player.voiceChannelId ?? null,
      textChannelId: player.textChannelId ?? null,
    };
  }

  botVoiceChannel(guildId: string): string | null {
    return this.manager.getPlayer(guildId)?.voiceChannelId ?? null;
  }

  private active(guildId: string): Player {
    const player = this.manager.getPlayer(guildId);
    if (!player?.queue.current) throw new UserError("NO_PLAYER", "Nothing is playing right now.");
    return player;
  }

  async pause(guildId: string): Promise<void> {
    const player = this.active(guildId);
    if (player.paused) throw new UserError("ALREADY_PAUSED", "Playback is already paused.");
    await this.guard(() => player.pause());
  }

  async resume(guildId: string): Promise<void> {
    const player = this.active(guildId);
    if (!player.paused) throw new UserError("NOT_PAUSED", "Playback isn't paused.");
    await this.guard(() => player.resume());
  }

  async skip(guildId: string): Promise<TrackView | null> {
    const player = this.active(guildId);
    const skipped = player.queue.current ? toTrackView(player.queue.current) : null;
    await this.guard(() => player.skip(0, false));
    return skipped;
  }

  async stop(guildId: string): Promise<void> {
    const player = this.manager.getPlayer(guildId);
    if (!player) throw new UserError("NO_PLAYER", "Nothing is playing right now.");
    await this.guard(() => player.stopPlaying(true, false));
  }

  async leave(guildId: string): Promise<void> {
    const player = this.manager.getPlayer(guildId);
    if (!player) throw new UserError("NOT_CONNECTED", "I'm not in a voice channel.");
    await player.destroy("LeaveCommand");
  }

  async setVolume(guildId: string, volume: number): Promise<void> {
    const player = this.manager.getPlayer(guildId);
    if (!player) throw new UserError("NO_PLAYER", "Nothing is playing right now.");
    await this.guard(() => player.setVolume(volume));
  }

  async seek(guildId: string, positionMs: number): Promise<void> {
    const player = this.active(guildId);
    const current = player.queue.current;
    if (!current?.info.isSeekable || current.info.isStream) {
      throw new UserError("NOT_SEEKABLE", "This track can't be seeked.");
    }
    if (positionMs > current.info.duration) {
      throw new UserError("BAD_ARGUMENT", "That position is past the end of the track.");
    }
    await this.guard(() => player.seek(positionMs));
  }

  /** Called on shutdown: leave every voice channel and delete the node players. */
  async destroyAll(reason: string): Promise<void> {
    await Promise.allSettled(
      [...this.manager.players.values()].map((p) =>
        p.destroy(reason).catch((err: unknown) => {
          if (!isUserError(err)) this.logger.warn({ err, guildId: p.guildId }, "player destroy failed");
        }),
      ),
    );
  }
}
