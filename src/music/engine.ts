import type { AutoplayOps, EngineKind, FilterOps, MusicService, QueueOps } from "./types.ts";

export type { EngineKind } from "./types.ts";

/** The front door's methods that an engine serves through its `queueOps`, `filters` and `autoplay` parts. */
type EngineParts =
  | "removeTracks"
  | "moveTrack"
  | "clearQueue"
  | "shuffle"
  | "skipTo"
  | "previous"
  | "replay"
  | "setLoop"
  | "removeWhere"
  | "applyFilter"
  | "autoplayEnabled"
  | "setAutoplay";

/**
 * One way of playing audio in voice channels: Lavalink nodes, or Encore's own embedded engine. The music front
 * door routes every guild to exactly one engine at a time; an engine only ever sees guilds routed to it.
 */
export interface MusicEngine extends Omit<MusicService, EngineParts> {
  readonly kind: EngineKind;
  /** The engine's queue changes, filters and autoplay; only the front door routes to them. */
  readonly queueOps: QueueOps;
  readonly filters: FilterOps;
  readonly autoplay: AutoplayOps;
  /**
   * The engine cannot play at all now (for Lavalink: no node is usable — connected, described, with a session). A busy or briefly refusing engine is
   * not down; only a down engine makes new players start on the fallback.
   */
  down(): boolean;
  /** Whether the guild has a player (connected, or being connected) on this engine. */
  hasPlayer(guildId: string): boolean;
  /** Guilds with a player on this engine. */
  guildIds(): string[];
  /** Subscribes to the engine's own events. */
  start(): void;
  /** Unsubscribes (shutdown, before players are saved and destroyed). */
  detach(): void;
  /** Leaves every voice channel and releases every player (shutdown). */
  destroyAll(reason: string): Promise<void>;
}
