import { LRUCache } from "lru-cache";
import type { TrackView } from "./types.ts";

export const HISTORY_SIZE = 50;

/**
 * The last tracks each guild played, most recent first. Outlives the player (a `leave` does not erase it) but is
 * bounded: at most {@link HISTORY_SIZE} tracks per guild, and the least recently active guilds are forgotten first.
 */
export class PlayHistory {
  private readonly byGuild: LRUCache<string, TrackView[]>;

  constructor(maxGuilds = 5000) {
    this.byGuild = new LRUCache<string, TrackView[]>({ max: maxGuilds });
  }

  record(guildId: string, track: TrackView): void {
    const list = this.byGuild.get(guildId) ?? [];
    list.unshift(track);
    if (list.length > HISTORY_SIZE) list.length = HISTORY_SIZE;
    this.byGuild.set(guildId, list);
  }

  list(guildId: string): readonly TrackView[] {
    return this.byGuild.get(guildId) ?? [];
  }

  /** Whether a track with this identity (uri, else title + author) is among the guild's last plays. */
  has(guildId: string, track: Pick<TrackView, "uri" | "title" | "author">): boolean {
    const key = identity(track);
    return this.list(guildId).some((t) => identity(t) === key);
  }
}

export const identity = (t: Pick<TrackView, "uri" | "title" | "author">): string =>
  t.uri ?? `${t.title.toLowerCase()}\u0000${t.author.toLowerCase()}`;
