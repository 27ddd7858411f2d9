import type { Player } from "lavalink-client";
import { toTrackView } from "./track-view.ts";
import type { LoopMode, QueueSnapshot } from "./types.ts";

/** What a Lavalink player is doing, as the commands and panels show it. */
export function lavalinkSnapshot(player: Player, filters: QueueSnapshot["filters"], autoplay: boolean): QueueSnapshot {
  return {
    guildId: player.guildId,
    current: player.queue.current ? toTrackView(player.queue.current) : null,
    positionMs: Math.max(0, Math.round(player.position)),
    paused: player.paused,
    volume: player.volume,
    loop: player.repeatMode as LoopMode,
    upcoming: player.queue.tracks.map(toTrackView),
    voiceChannelId: player.voiceChannelId ?? null,
    textChannelId: player.textChannelId ?? null,
    filters,
    autoplay,
    // The client keeps the player while its node is away; nothing is audible until a node is back.
    unavailable: !player.node?.connected,
  };
}
