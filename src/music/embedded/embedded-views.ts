import { filterPayload } from "../filters.ts";
import type { QueueSnapshot } from "../types.ts";
import type { GuildPlayer } from "./guild-player.ts";
import { toView } from "./track.ts";

/** What an embedded guild player is doing, as the commands and panels show it. */
export function embeddedSnapshot(p: GuildPlayer, filters: QueueSnapshot["filters"]): QueueSnapshot {
  return {
    guildId: p.guildId,
    current: p.current ? toView(p.current) : null,
    positionMs: Math.max(0, Math.round(p.position())),
    paused: p.paused,
    volume: p.volume,
    loop: p.loop,
    upcoming: p.upcoming.map(toView),
    voiceChannelId: p.voiceChannelId,
    textChannelId: p.textChannelId,
    filters,
    autoplay: false,
  };
}

/** The player as the idle rules see it (the shape of a lavalink-client player they read). */
export function embeddedIdleView(
  p: GuildPlayer,
  controls: {
    pause(guildId: string): Promise<void>;
    resume(guildId: string): Promise<void>;
    destroyPlayer(guildId: string, reason: string): void;
  },
) {
  return {
    guildId: p.guildId,
    get voiceChannelId() {
      return p.voiceChannelId;
    },
    get queue() {
      return { current: p.current };
    },
    get paused() {
      return p.paused;
    },
    pause: () => controls.pause(p.guildId),
    resume: () => controls.resume(p.guildId),
    destroy: async (reason: string) => controls.destroyPlayer(p.guildId, reason),
  };
}

/** The filter JSON persisted with the player (the same shape the Lavalink engine keeps). */
export function embeddedFilterPresets(p: GuildPlayer | undefined) {
  return p ? { presets: p.filters, payload: filterPayload(p.filters) } : null;
}
