import { isUserError } from "../core/errors.ts";
import { userError } from "../i18n/translate.ts";
import type { StoredTrack } from "../store/types.ts";
import type { EngineKind, MusicEngine } from "./engine.ts";
import type { PlayHistory } from "./history.ts";
import type {
  BassLevel,
  FilterPreset,
  JoinOutcome,
  JoinTarget,
  LoopMode,
  LyricsView,
  MusicService,
  PlayRequest,
  PlayResult,
  QueueSnapshot,
  Requester,
  SearchOutcome,
  SearchSource,
  TrackView,
  VoteResult,
} from "./types.ts";

export interface FrontDoorOptions {
  /** Lavalink nodes are configured but all down: new players start on the embedded engine. */
  fallback: boolean;
}

export interface Engines {
  /** Null when no Lavalink node is configured. */
  readonly lavalink: MusicEngine | null;
  /** Null when the embedded engine is not available (no ffmpeg). */
  readonly embedded: MusicEngine | null;
}

/** Choices made by the embedded engine carry this prefix, so a pick goes back to the engine that offered it. */
const EMBEDDED_CHOICE = "_";

/**
 * The one way commands reach music. Routes each guild to exactly one engine: the engine that has its player, or
 * for a new player Lavalink when a node is usable, else the embedded engine (when no node is configured, or as
 * the fallback while every node is down).
 */
export class MusicFrontDoor implements MusicService {
  private readonly engines: Engines;
  private readonly opts: FrontDoorOptions;
  private readonly playHistory: PlayHistory;

  constructor(opts: FrontDoorOptions, deps: { engines: Engines; history: PlayHistory }) {
    this.opts = opts;
    this.engines = deps.engines;
    this.playHistory = deps.history;
  }

  /** The engine that has the guild's player, if any. */
  engineOf(guildId: string): MusicEngine | null {
    const { lavalink, embedded } = this.engines;
    if (lavalink?.hasPlayer(guildId)) return lavalink;
    if (embedded?.hasPlayer(guildId)) return embedded;
    return null;
  }

  /** Which engine plays in the guild (null when none has a player there). */
  engineKind(guildId: string): EngineKind | null {
    return this.engineOf(guildId)?.kind ?? null;
  }

  /** The engine a new player starts on now: Lavalink unless every node is down and the fallback is on. */
  choose(): MusicEngine {
    const { lavalink, embedded } = this.engines;
    if (lavalink && (!lavalink.down() || !embedded || embedded.down() || !this.opts.fallback)) return lavalink;
    if (embedded) return embedded;
    throw new Error("no music engine is configured");
  }

  private route(guildId: string): MusicEngine {
    return this.engineOf(guildId) ?? this.choose();
  }

  available(): boolean {
    return this.choose().available();
  }

  /** Whether a Lavalink node is usable (readiness, /ping). False when none is configured. */
  nodesAvailable(): boolean {
    return this.engines.lavalink?.available() ?? false;
  }

  search(query: string, requester: Requester, source?: SearchSource): Promise<SearchOutcome> {
    return this.fallbackAware(this.choose(), (e) => e.search(query, requester, source));
  }

  async offerChoices(query: string, requester: Requester, source?: SearchSource, limit?: number) {
    const engine = this.choose();
    const choices = await this.fallbackAware(engine, (e) => e.offerChoices(query, requester, source, limit));
    return engine.kind === "embedded" ? { ...choices, id: `${EMBEDDED_CHOICE}${choices.id}` } : choices;
  }

  playChoices(req: Omit<PlayRequest, "query">, choicesId: string, indexes: readonly number[]): Promise<PlayResult> {
    const embedded = choicesId.startsWith(EMBEDDED_CHOICE);
    const engine = embedded ? this.engines.embedded : this.engines.lavalink;
    const current = this.engineOf(req.guildId);
    if (!engine || (current && current !== engine)) return this.route(req.guildId).playChoices(req, "", indexes);
    return engine.playChoices(req, embedded ? choicesId.slice(EMBEDDED_CHOICE.length) : choicesId, indexes);
  }

  play(req: PlayRequest): Promise<PlayResult> {
    return this.fallbackAware(this.route(req.guildId), (e) => e.play(req));
  }

  /**
   * While the embedded engine stands in for down nodes, what it cannot do (searching without yt-dlp) is answered
   * as the nodes being down: that is the real reason, and it passes.
   */
  private async fallbackAware<T>(engine: MusicEngine, fn: (e: MusicEngine) => Promise<T>): Promise<T> {
    try {
      return await fn(engine);
    } catch (err) {
      if (
        engine.kind === "embedded" &&
        this.engines.lavalink &&
        isUserError(err) &&
        err.code === "SEARCH_UNAVAILABLE"
      ) {
        throw userError("MUSIC_UNAVAILABLE", "music.unavailable");
      }
      throw err;
    }
  }

  join(target: JoinTarget): Promise<JoinOutcome> {
    return this.route(target.guildId).join(target);
  }

  playStored(req: Omit<PlayRequest, "query">, tracks: readonly StoredTrack[]): Promise<PlayResult> {
    return this.route(req.guildId).playStored(req, tracks);
  }

  snapshot(guildId: string): QueueSnapshot | null {
    const engine = this.engineOf(guildId);
    const snap = engine?.snapshot(guildId) ?? null;
    return snap && engine ? { ...snap, engine: engine.kind } : snap;
  }

  pause(guildId: string): Promise<void> {
    return this.route(guildId).pause(guildId);
  }

  resume(guildId: string): Promise<void> {
    return this.route(guildId).resume(guildId);
  }

  skip(guildId: string): Promise<TrackView | null> {
    return this.route(guildId).skip(guildId);
  }

  stop(guildId: string): Promise<void> {
    return this.route(guildId).stop(guildId);
  }

  leave(guildId: string): Promise<void> {
    return this.route(guildId).leave(guildId);
  }

  setVolume(guildId: string, volume: number): Promise<void> {
    return this.route(guildId).setVolume(guildId, volume);
  }

  seek(guildId: string, positionMs: number): Promise<void> {
    return this.route(guildId).seek(guildId, positionMs);
  }

  botVoiceChannel(guildId: string): string | null {
    return this.engineOf(guildId)?.botVoiceChannel(guildId) ?? null;
  }

  voteSkip(guildId: string, userId: string, listeners: readonly string[], ratio: number): Promise<VoteResult> {
    return this.route(guildId).voteSkip(guildId, userId, listeners, ratio);
  }

  history(guildId: string): readonly TrackView[] {
    return this.playHistory.list(guildId);
  }

  lyrics(guildId: string): Promise<LyricsView> {
    return this.route(guildId).lyrics(guildId);
  }

  removeTracks(guildId: string, from: number, to?: number): Promise<TrackView[]> {
    return this.route(guildId).queueOps.remove(guildId, from, to);
  }

  moveTrack(guildId: string, from: number, to: number): Promise<TrackView> {
    return this.route(guildId).queueOps.move(guildId, from, to);
  }

  clearQueue(guildId: string): Promise<number> {
    return this.route(guildId).queueOps.clear(guildId);
  }

  shuffle(guildId: string): Promise<number> {
    return this.route(guildId).queueOps.shuffle(guildId);
  }

  skipTo(guildId: string, n: number): Promise<TrackView> {
    return this.route(guildId).queueOps.skipTo(guildId, n);
  }

  previous(guildId: string): Promise<TrackView> {
    return this.route(guildId).queueOps.previous(guildId);
  }

  replay(guildId: string): Promise<TrackView> {
    return this.route(guildId).queueOps.replay(guildId);
  }

  setLoop(guildId: string, mode: LoopMode): Promise<void> {
    return this.route(guildId).queueOps.setLoop(guildId, mode);
  }

  removeWhere(
    guildId: string,
    pred: (track: TrackView, index: number, upcoming: readonly TrackView[]) => boolean,
  ): Promise<TrackView[]> {
    return this.route(guildId).queueOps.removeWhere(guildId, pred);
  }

  applyFilter(guildId: string, preset: FilterPreset, value?: BassLevel | number | string): Promise<string[]> {
    return this.route(guildId).filters.apply(guildId, preset, value);
  }

  autoplayEnabled(guildId: string): boolean {
    return this.engineOf(guildId)?.autoplay.isEnabled(guildId) ?? false;
  }

  setAutoplay(guildId: string, on: boolean): Promise<void> {
    return this.route(guildId).autoplay.setEnabled(guildId, on);
  }
}
