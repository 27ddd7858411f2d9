import type { DiscordGatewayAdapterCreator } from "@discordjs/voice";
import type { TtlCache } from "../../core/cache.ts";
import type { Logger } from "../../core/logger.ts";
import { refusal } from "../../i18n/refusals.ts";
import type { LocalText } from "../../i18n/translate.ts";
import { userError } from "../../i18n/translate.ts";
import type { StoredTrack } from "../../store/types.ts";
import type { MusicEngine } from "../engine.ts";
import type { PlayHistory } from "../history.ts";
import type { PlayerEvents } from "../player-events.ts";
import { type PendingChoices, SearchChoiceStore } from "../search-choices.ts";
import type {
  AutoplayOps,
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
} from "../types.ts";
import { SkipVotes } from "../vote-skip.ts";
import { enqueueOnPlayer } from "./embedded-enqueue.ts";
import { embeddedFilterOps, embeddedQueueOps } from "./embedded-ops.ts";
import { embeddedFilterPresets, embeddedIdleView, embeddedSnapshot } from "./embedded-views.ts";
import type { GuildPlayer, GuildPlayerEvents } from "./guild-player.ts";
import type { EmbeddedSources } from "./sources.ts";
import type { AudioTools } from "./tools.ts";
import { type EmbeddedTrack, fromStored, toView } from "./track.ts";
import type { Transcoder } from "./transcoder.ts";

/** The embedded engine plays what it resolves itself: no search source, no fallback between sources. */
const NO_SOURCE = { source: null, fellBackFrom: null, fallbackReason: null } as const;

export interface EmbeddedOptions {
  defaultVolume: number;
  maxQueueLength: number;
  maxPlaylistTracks: number;
  voiceConnectTimeoutMs: number;
  maxConsecutiveFailures: number;
  /** Guilds that may play at once (one ffmpeg each). */
  maxStreams: number;
}

export interface EmbeddedDeps {
  sources: EmbeddedSources;
  transcoder: Transcoder;
  events: PlayerEvents;
  history: PlayHistory;
  logger: Logger;
  choices: TtlCache<string, PendingChoices<EmbeddedTrack>>;
  /** discord.js's voice adapter for the guild (routes voice packets through the guild's shard). */
  adapterFor(guildId: string): DiscordGatewayAdapterCreator | null;
  /** ffmpeg and yt-dlp as found at start-up. */
  tools: Pick<AudioTools, "ffmpeg" | "ytDlp">;
}

/**
 * @discordjs/voice (with its Opus and DAVE modules) loads on the first voice join, not at start: most setups play
 * through Lavalink and never need it.
 */
const loadVoice = async () => {
  const [{ joinVoice }, { GuildPlayer }] = await Promise.all([import("./voice.ts"), import("./guild-player.ts")]);
  return { joinVoice, GuildPlayer };
};

/** What the engine tells its own persistence (see {@link EmbeddedEngine.watchLifecycle}). */
export interface EmbeddedLifecycle {
  /** The guild's player state changed (queue, track, pause, volume, filters…). */
  changed(guildId: string): void;
  /** The guild's player is gone; `reason` says whether its saved state should stay (see `KEEP_STATE_REASONS`). */
  destroyed(guildId: string, reason: string): void;
}

/**
 * The embedded engine: @discordjs/voice plus one ffmpeg per playing guild, no Lavalink needed. Emits Encore's player
 * events (the idle rules and now-playing messages listen there) and tells its own persistence about state changes
 * and destroyed players (`watchLifecycle`).
 */
export class EmbeddedEngine implements MusicEngine {
  readonly kind = "embedded" as const;
  private readonly lifecycle = new Set<EmbeddedLifecycle>();
  readonly queueOps;
  readonly filters;
  readonly autoplay: AutoplayOps;
  private readonly opts: EmbeddedOptions;
  private readonly deps: EmbeddedDeps;
  private readonly players = new Map<string, GuildPlayer>();
  private readonly joining = new Map<string, Promise<GuildPlayer>>();
  private readonly failures = new Map<string, number>();
  private readonly votes = new SkipVotes();
  private readonly choices: SearchChoiceStore<EmbeddedTrack>;
  private readonly group = `encore-${Math.random().toString(36).slice(2)}`;
  private readonly playerEvents: GuildPlayerEvents;

  constructor(opts: EmbeddedOptions, deps: EmbeddedDeps) {
    this.opts = opts;
    this.deps = deps;
    this.choices = new SearchChoiceStore(deps.choices);
    const ops = { player: (g: string) => this.players.get(g), changed: (g: string) => this.changed(g) };
    this.queueOps = embeddedQueueOps(ops);
    this.filters = embeddedFilterOps(ops);
    this.autoplay = {
      isEnabled: () => false,
      setEnabled: async (_g, on) => {
        if (on) throw userError("AUTOPLAY_UNAVAILABLE", "music.autoplayNeedsNode");
      },
    };
    this.playerEvents = {
      trackStart: (p, track) => {
        this.votes.reset(p.guildId);
        const view = toView(track);
        this.deps.history.record(p.guildId, view);
        this.deps.events.emit("trackStart", p.guildId, view);
      },
      trackFailed: (p, track, reason) => this.trackFailed(p, track, reason),
      queueEnd: (p) => {
        this.votes.reset(p.guildId);
        this.deps.events.emit("queueEnd", p.guildId);
      },
      changed: (p) => {
        for (const l of this.lifecycle) l.changed(p.guildId);
      },
    };
  }

  start(): void {}
  detach(): void {}

  /** Tells `listener` about player state changes and destroyed players. @returns what stops telling it */
  watchLifecycle(listener: EmbeddedLifecycle): () => void {
    this.lifecycle.add(listener);
    return () => this.lifecycle.delete(listener);
  }

  available(): boolean {
    return this.deps.tools.ffmpeg !== null;
  }

  down(): boolean {
    return !this.available();
  }

  hasPlayer(guildId: string): boolean {
    return this.players.has(guildId) || this.joining.has(guildId);
  }

  guildIds(): string[] {
    return [...this.players.keys()];
  }

  /** The guild's player (persistence, idle rules). */
  player(guildId: string): GuildPlayer | undefined {
    return this.players.get(guildId);
  }

  /** Whether saved YouTube/SoundCloud tracks can play here (yt-dlp was found). */
  canUseYtDlp(): boolean {
    return this.deps.tools.ytDlp !== null;
  }

  /** Process ids of the running ffmpeg children. */
  processIds(): number[] {
    return this.deps.transcoder.pids();
  }

  async search(query: string, requester: Requester, _source?: SearchSource): Promise<SearchOutcome> {
    const found = await this.deps.sources.resolve(query);
    const tracks = found.tracks.map((t) => toView({ ...t, requester }));
    return { kind: found.kind, tracks, playlistName: null, ...NO_SOURCE };
  }

  async offerChoices(query: string, requester: Requester, _s?: SearchSource, limit = 10): Promise<SearchChoices> {
    const found = await this.deps.sources.resolve(query);
    const tracks = found.tracks.slice(0, limit);
    if (tracks.length === 0) throw userError("NO_RESULTS", "refusal.noResults");
    const id = this.choices.offer({ userId: requester.id, tracks, ...NO_SOURCE });
    return { id, tracks: tracks.map((t) => toView({ ...t, requester })), ...NO_SOURCE };
  }

  async playChoices(req: Omit<PlayRequest, "query">, id: string, indexes: readonly number[]): Promise<PlayResult> {
    const { picked } = this.choices.take(id, req.requester.id, indexes);
    return this.enqueue(req, picked, 0);
  }

  async play(req: PlayRequest): Promise<PlayResult> {
    if (!this.players.has(req.guildId)) this.checkRoom();
    const found = await this.deps.sources.resolve(req.query);
    if (found.tracks.length === 0) throw userError("NO_RESULTS", "refusal.noResults");
    return this.enqueue(req, found.tracks.slice(0, 1), 0);
  }

  async playStored(req: Omit<PlayRequest, "query">, stored: readonly StoredTrack[]): Promise<PlayResult> {
    const playable = stored
      .map((t) => fromStored(t, this.deps.tools.ytDlp !== null))
      .filter((t): t is EmbeddedTrack => t !== null)
      .slice(0, this.opts.maxPlaylistTracks);
    if (playable.length === 0) {
      throw userError("NO_RESULTS", "music.nothingWithoutNode");
    }
    return this.enqueue(req, playable, stored.length - playable.length);
  }

  private checkRoom(): void {
    if (this.players.size + this.joining.size >= this.opts.maxStreams) {
      throw userError("STREAMS_FULL", "music.streamsFull", { count: this.opts.maxStreams });
    }
  }

  private async enqueue(req: Omit<PlayRequest, "query">, wanted: EmbeddedTrack[], dropped: number) {
    const p = await this.joined(req);
    return enqueueOnPlayer(p, req, wanted, dropped, {
      maxQueueLength: this.opts.maxQueueLength,
      changed: (g) => this.changed(g),
    });
  }

  /** The guild's player, joining the member's voice channel first when needed. */
  private joined(req: {
    guildId: string;
    voiceChannelId: string;
    textChannelId: string | null;
    defaultVolume?: number;
  }) {
    const existing = this.players.get(req.guildId);
    if (existing) return Promise.resolve(existing);
    const pending = this.joining.get(req.guildId);
    if (pending) return pending;
    this.checkRoom();
    const adapterCreator = this.deps.adapterFor(req.guildId);
    if (!adapterCreator) return Promise.reject(userError("VOICE_FAILED", "music.noVoiceAccess"));
    const join = loadVoice()
      .then(({ joinVoice, GuildPlayer }) =>
        joinVoice({
          guildId: req.guildId,
          channelId: req.voiceChannelId,
          group: this.group,
          adapterCreator,
          timeoutMs: this.opts.voiceConnectTimeoutMs,
          logger: this.deps.logger,
          lost: (reason) => this.destroyPlayer(req.guildId, reason),
        }).then((connection) => ({ connection, GuildPlayer })),
      )
      .then(({ connection, GuildPlayer }) => {
        const p = new GuildPlayer(
          {
            guildId: req.guildId,
            voiceChannelId: req.voiceChannelId,
            textChannelId: req.textChannelId,
            volume: req.defaultVolume ?? this.opts.defaultVolume,
          },
          { connection, transcoder: this.deps.transcoder, events: this.playerEvents, logger: this.deps.logger },
        );
        this.players.set(req.guildId, p);
        this.deps.events.emit("playerCreated", req.guildId);
        return p;
      })
      .finally(() => this.joining.delete(req.guildId));
    this.joining.set(req.guildId, join);
    return join;
  }

  async join(target: JoinTarget): Promise<JoinOutcome> {
    const p = this.players.get(target.guildId);
    if (!p) {
      await this.joined(target);
      return "joined";
    }
    if (p.voiceChannelId === target.voiceChannelId) return "already-there";
    // The same connection follows the bot to the new channel; queue and position carry on.
    p.connection.rejoin({ channelId: target.voiceChannelId, selfDeaf: true, selfMute: false });
    p.voiceChannelId = target.voiceChannelId;
    this.changed(target.guildId);
    return "moved";
  }

  /** Creates a player for a saved state (restart, fallback); the caller fills its queue and starts it. */
  adopt(req: { guildId: string; voiceChannelId: string; textChannelId: string | null; defaultVolume?: number }) {
    return this.joined(req);
  }

  private trackFailed(p: GuildPlayer, track: EmbeddedTrack, reason: string | LocalText): void {
    const count = (this.failures.get(p.guildId) ?? 0) + 1;
    this.failures.set(p.guildId, count);
    this.deps.events.emit("trackFailed", p.guildId, toView(track), "error", reason);
    if (count >= this.opts.maxConsecutiveFailures) {
      this.failures.delete(p.guildId);
      p.stopPlaying();
      this.deps.events.emit("gaveUp", p.guildId, count);
      return;
    }
    void p.advance(false);
  }

  private changed(guildId: string): void {
    this.deps.events.emit("changed", guildId);
    for (const l of this.lifecycle) l.changed(guildId);
  }

  snapshot(guildId: string): QueueSnapshot | null {
    const p = this.players.get(guildId);
    return p ? embeddedSnapshot(p, this.filters.labels(guildId)) : null;
  }

  private active(guildId: string): GuildPlayer {
    const p = this.players.get(guildId);
    if (!p?.current) throw refusal("NO_PLAYER");
    return p;
  }

  async pause(guildId: string): Promise<void> {
    const p = this.active(guildId);
    if (p.paused) throw userError("ALREADY_PAUSED", "music.alreadyPaused");
    p.pause();
    this.changed(guildId);
  }

  async resume(guildId: string): Promise<void> {
    const p = this.active(guildId);
    if (!p.paused) throw userError("NOT_PAUSED", "music.notPaused");
    await p.resume();
    this.changed(guildId);
  }

  async skip(guildId: string): Promise<TrackView | null> {
    const p = this.active(guildId);
    const skipped = p.current ? toView(p.current) : null;
    this.failures.delete(guildId);
    await p.advance(false);
    return skipped;
  }

  async voteSkip(guildId: string, userId: string, listeners: readonly string[], ratio: number): Promise<VoteResult> {
    const p = this.active(guildId);
    const key = toView(p.current as EmbeddedTrack).encoded;
    const tally = this.votes.vote(guildId, key, userId, listeners, ratio);
    if (!tally.passed) return { votes: tally.votes, needed: tally.needed, skipped: null, repeated: tally.repeated };
    const skipped = await this.skip(guildId);
    this.votes.reset(guildId);
    return { votes: tally.votes, needed: tally.needed, skipped, repeated: tally.repeated };
  }

  async stop(guildId: string): Promise<void> {
    const p = this.players.get(guildId);
    if (!p) throw refusal("NO_PLAYER");
    p.stopPlaying();
  }

  async leave(guildId: string, reason = "LeaveCommand"): Promise<void> {
    if (!this.players.has(guildId)) throw userError("NOT_CONNECTED", "music.notConnected");
    this.destroyPlayer(guildId, reason);
  }

  async setVolume(guildId: string, volume: number): Promise<void> {
    const p = this.players.get(guildId);
    if (!p) throw refusal("NO_PLAYER");
    p.volume = volume;
    if (p.current) await p.restart();
    this.changed(guildId);
  }

  async seek(guildId: string, positionMs: number): Promise<void> {
    const p = this.active(guildId);
    const current = p.current as EmbeddedTrack;
    if (current.isStream || current.durationMs <= 0) throw userError("NOT_SEEKABLE", "music.cannotSeek");
    if (positionMs > current.durationMs) throw userError("BAD_ARGUMENT", "music.pastEnd");
    await p.restart(positionMs);
  }

  botVoiceChannel(guildId: string): string | null {
    return this.players.get(guildId)?.voiceChannelId ?? null;
  }

  history(guildId: string): readonly TrackView[] {
    return this.deps.history.list(guildId);
  }

  async lyrics(guildId: string): Promise<LyricsView> {
    this.active(guildId);
    throw userError("NO_LYRICS_SOURCE", "music.noLyricsSource");
  }

  /** Kills the guild's ffmpeg, leaves voice and forgets the player. */
  destroyPlayer(guildId: string, reason: string): void {
    const p = this.players.get(guildId);
    if (!p) return;
    this.players.delete(guildId);
    this.failures.delete(guildId);
    this.votes.reset(guildId);
    p.destroy();
    this.deps.logger.info({ guildId, reason }, "embedded player destroyed");
    for (const l of this.lifecycle) l.destroyed(guildId, reason);
    this.deps.events.emit("playerGone", guildId);
  }

  async destroyAll(reason: string): Promise<void> {
    for (const guildId of [...this.players.keys()]) this.destroyPlayer(guildId, reason);
    this.deps.transcoder.killAll();
  }

  /** The player as the idle rules see it (the shape of a lavalink-client player they read). */
  idleView(p: GuildPlayer) {
    return embeddedIdleView(p, this);
  }

  /** The filter JSON persisted with the player (the same shape the Lavalink engine keeps). */
  filterPresets(guildId: string) {
    return embeddedFilterPresets(this.players.get(guildId));
  }
}
