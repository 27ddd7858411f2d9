import type { Player, Track, TrackExceptionEvent, TrackStuckEvent } from "lavalink-client";
import type { Logger } from "../core/logger.ts";
import { type LocalText, text } from "../i18n/translate.ts";
import type { Autoplay } from "./autoplay.ts";
import type { PlayHistory } from "./history.ts";
import type { LavalinkEvents } from "./lavalink-events.ts";
import type { PlayerEvents } from "./player-events.ts";
import { toTrackView } from "./track-view.ts";
import type { SkipVotes } from "./vote-skip.ts";

export interface PlayerWiringDeps {
  /** lavalink-client's events, through Encore's one subscriber to them. */
  lavalink: LavalinkEvents;
  events: PlayerEvents;
  history: PlayHistory;
  votes: SkipVotes;
  autoplay: Autoplay;
  /** Failed or stuck tracks in a row after which the player stops instead of trying the next track. */
  maxConsecutiveFailures: number;
  /** Clears the queue and stops the player (through the breaker). */
  stop: (player: Player) => Promise<void>;
  logger: Logger;
}

/**
 * Turns lavalink-client's player events into Encore's: history, vote resets, autoplay prefetch, failure
 * announcements and the stop after too many failures in a row. Returns a function that unbinds everything.
 */
export function wirePlayerEvents(deps: PlayerWiringDeps): () => void {
  const { lavalink, events, logger } = deps;
  const failures = new Map<string, number>();

  const failed = (player: Player, track: Track | null, kind: "error" | "stuck", reason: string | LocalText) => {
    const count = (failures.get(player.guildId) ?? 0) + 1;
    failures.set(player.guildId, count);
    events.emit("trackFailed", player.guildId, track ? toTrackView(track) : null, kind, reason);
    if (count < deps.maxConsecutiveFailures) return;
    failures.delete(player.guildId);
    // Empty the queue now, synchronously, so the TrackEnd that follows cannot start the next (failing) track.
    if (player.queue.tracks.length > 0) void player.queue.splice(0, player.queue.tracks.length);
    deps.stop(player).catch((err: unknown) => logger.warn({ err, guildId: player.guildId }, "stop after failures"));
    events.emit("gaveUp", player.guildId, count);
  };

  const unsubscribe = [
    lavalink.onPlayer("playerCreate", (player) => events.emit("playerCreated", player.guildId)),
    lavalink.onPlayer("trackStart", (player, track) => {
      deps.votes.reset(player.guildId);
      if (!track) return;
      const view = toTrackView(track);
      deps.history.record(player.guildId, view);
      events.emit("trackStart", player.guildId, view);
      void deps.autoplay.ensure(player.guildId);
    }),
    lavalink.onPlayer("trackEnd", (player, _track, payload) => {
      if (payload?.reason === "finished" || payload?.reason === "stopped") failures.delete(player.guildId);
    }),
    lavalink.onPlayer("trackError", (player, track, payload: TrackExceptionEvent | Error) => {
      const reason =
        ("exception" in payload ? payload.exception?.message : (payload as Error)?.message) || "unknown error";
      logger.warn({ guildId: player.guildId, reason }, "track failed to play");
      failed(player, track as Track | null, "error", reason);
    }),
    lavalink.onPlayer("trackStuck", (player, track, payload: TrackStuckEvent) => {
      const seconds = Math.round((payload?.thresholdMs ?? 0) / 1000);
      logger.warn({ guildId: player.guildId, seconds }, "track stuck");
      failed(player, track, "stuck", text("announce.noAudio", { seconds }));
    }),
    lavalink.onPlayer("queueEnd", (player, track, payload) => {
      const finished = (payload as { reason?: string } | undefined)?.reason === "finished";
      deps.votes.reset(player.guildId);
      if (finished) failures.delete(player.guildId);
      events.emit("queueEnd", player.guildId);
      if (finished) void deps.autoplay.onQueueEnd(player.guildId, track as Track | null);
    }),
    lavalink.onPlayer("playerDestroy", (player) => {
      deps.votes.reset(player.guildId);
      deps.autoplay.forget(player.guildId);
      failures.delete(player.guildId);
      events.emit("playerGone", player.guildId);
    }),
  ];
  return () => {
    for (const off of unsubscribe) off();
  };
}
