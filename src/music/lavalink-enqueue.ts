import type { LavalinkManager, Player, Track } from "lavalink-client";
import { userError } from "../i18n/translate.ts";
import { isAutoplayTrack } from "./autoplay.ts";
import { reorderFairly } from "./fair-queue.ts";
import { startNext } from "./player-updates.ts";
import { applyQueueRules } from "./queue-rules.ts";
import { shuffleInPlace } from "./shuffle.ts";
import { toTrackView } from "./track-view.ts";
import type { JoinTarget, PlayRequest, PlayResult } from "./types.ts";

export interface EnqueueContext {
  manager: LavalinkManager;
  maxQueueLength: number;
  /** Throws MUSIC_UNAVAILABLE at once when no node can take a call. */
  refuseWhenUnavailable(): void;
  /** The guild's player, joining the member's voice channel when needed. */
  joinedPlayer(req: JoinTarget): Promise<Player>;
  /** Runs a node call through the circuit breaker. */
  guard<T>(fn: () => Promise<T>): Promise<T>;
}

export type EnqueueMeta = Pick<PlayResult, "playlistName" | "source" | "fellBackFrom" | "fallbackReason">;

/**
 * The one way tracks join a queue (play, search picks, saved playlists): joins the member's voice channel when
 * needed, gives way to autoplay's prefetched tracks, applies the queue limit, stamps the requester, reorders
 * fairly when the guild asks for it and starts an idle player. `truncatedBefore` counts tracks the caller dropped.
 */
export async function enqueueTracks(
  ctx: EnqueueContext,
  req: Omit<PlayRequest, "query">,
  wanted: readonly Track[],
  truncatedBefore: number,
  meta: EnqueueMeta,
): Promise<PlayResult> {
  // Joining voice waits on Discord, not on the node: it stays outside the breaker, whose timeout and failure
  // count are about the node. A join queued behind the gateway's send budget must not trip it.
  ctx.refuseWhenUnavailable();
  const player = await ctx.joinedPlayer(req);
  return ctx.guard(async () => {
    // Tracks autoplay queued in advance give way to what members ask for.
    const autoQueued = player.queue.tracks.map((t, i) => (isAutoplayTrack(t) ? i : -1)).filter((i) => i >= 0);
    if (autoQueued.length > 0) await player.queue.remove(autoQueued);
    const limit = req.maxQueueLength ?? ctx.maxQueueLength;
    const room = Math.max(0, limit - player.queue.tracks.length);
    if (room === 0) throw userError("QUEUE_FULL", "music.queueFull", { limit });
    const fits = (t: Track) => req.maxTrackMs === undefined || t.info.isStream || t.info.duration <= req.maxTrackMs;
    const allowed = wanted.filter(fits);
    if (allowed.length === 0) {
      const minutes = Math.round((req.maxTrackMs ?? 0) / 60_000);
      throw userError("TRACK_TOO_LONG", "music.trackTooLong", { minutes });
    }
    const ruled = applyQueueRules({
      current: player.queue.current ? toTrackView(player.queue.current) : null,
      upcoming: player.queue.tracks.map(toTrackView),
      incoming: allowed,
      view: toTrackView,
      requesterId: req.requester.id,
      room,
      ...(req.noDuplicates ? { noDuplicates: true } : {}),
      ...(req.maxTracksPerRequester !== undefined ? { maxPerRequester: req.maxTracksPerRequester } : {}),
    });
    const accepted = ruled.accepted;
    if (req.shuffle) shuffleInPlace(accepted);
    // Cached search results carry no requester; rebuild each track for this requester (also sets userData).
    const tracks: Track[] = accepted.map((t) => ctx.manager.utils.buildTrack(t, req.requester));
    const idle = !player.playing && !player.paused && !player.queue.current;
    if (req.next) await player.queue.add(tracks, 0);
    else await player.queue.add(tracks);
    if (req.fair && !req.next) await reorderFairly(player);
    const position = idle ? 0 : player.queue.tracks.indexOf(tracks[0] as Track) + 1;
    if (idle) {
      try {
        await startNext(player);
      } catch (err) {
        // The command failed as a whole: the tracks it added come out again, so trying again plays them once.
        const added = player.queue.tracks.map((t, i) => (tracks.includes(t as Track) ? i : -1)).filter((i) => i >= 0);
        if (added.length > 0) await player.queue.remove(added);
        throw err;
      }
    }
    return {
      ...meta,
      added: tracks.map(toTrackView),
      startedPlaying: idle,
      position,
      truncated: truncatedBefore + wanted.length - accepted.length - ruled.duplicates - ruled.overMemberLimit,
      duplicates: ruled.duplicates,
      overMemberLimit: ruled.overMemberLimit,
    };
  });
}
