import type { LavalinkManager, Track } from "lavalink-client";
import type { CircuitBreaker } from "../core/breaker.ts";
import type { TtlCache } from "../core/cache.ts";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type { PlayHistory } from "./history.ts";
import type { LavalinkEvents } from "./lavalink-events.ts";
import type { PlayerEvents } from "./player-events.ts";
import type { SearchService } from "./search.ts";
import type { PendingChoices as SearchChoices_ } from "./search-choices.ts";

export interface MusicServiceOptions {
  defaultVolume: number;
  maxQueueLength: number;
  maxPlaylistTracks: number;
  voiceConnectTimeoutMs: number;
  /** Failed or stuck tracks in a row after which the player stops (default 3). */
  maxConsecutiveFailures?: number;
}

export type PendingChoices = SearchChoices_<Track>;

export interface MusicServiceDeps {
  manager: LavalinkManager;
  /** The manager's events, through Encore's one subscriber to them. */
  lavalinkEvents: LavalinkEvents;
  breaker: CircuitBreaker;
  search: SearchService;
  clock: Clock;
  logger: Logger;
  choices: TtlCache<string, PendingChoices>;
  /** Shared with the other engine, so a guild's events and history survive a change of engine. */
  events?: PlayerEvents;
  history?: PlayHistory;
}
