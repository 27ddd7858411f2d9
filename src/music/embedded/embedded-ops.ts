import { refusal } from "../../i18n/refusals.ts";
import { userError } from "../../i18n/translate.ts";
import { type FilterState, filterLabels, filterPayload, nextFilterState } from "../filters.ts";
import type { BassLevel, FilterOps, FilterPreset, LoopMode, QueueOps, TrackView } from "../types.ts";
import type { GuildPlayer } from "./guild-player.ts";
import { toView } from "./track.ts";

const noPlayer = () => refusal("NO_PLAYER");

export interface OpsDeps {
  player(guildId: string): GuildPlayer | undefined;
  changed(guildId: string): void;
}

function position(p: GuildPlayer, n: number, what: "position" | "track" | "targetPosition" = "position"): number {
  const size = p.upcoming.length;
  if (size === 0) throw refusal("QUEUE_EMPTY");
  if (!Number.isInteger(n) || n < 1 || n > size) {
    throw userError("BAD_ARGUMENT", `music.notInQueue.${what}`, { size });
  }
  return n - 1;
}

/** Queue editing on the embedded engine (positions are 1-based, as users see them). */
export function embeddedQueueOps(deps: OpsDeps): QueueOps {
  const get = (guildId: string) => {
    const p = deps.player(guildId);
    if (!p) throw noPlayer();
    return p;
  };
  const saved = (p: GuildPlayer) => deps.changed(p.guildId);
  return {
    async remove(guildId, from, to = from) {
      const p = get(guildId);
      const start = position(p, Math.min(from, to));
      const end = position(p, Math.max(from, to));
      const removed = p.upcoming.splice(start, end - start + 1).map(toView);
      saved(p);
      return removed;
    },
    async move(guildId, from, to) {
      const p = get(guildId);
      const a = position(p, from);
      const b = position(p, to, "targetPosition");
      const [track] = p.upcoming.splice(a, 1);
      if (!track) throw userError("BAD_ARGUMENT", "music.positionNotInQueue");
      p.upcoming.splice(b, 0, track);
      saved(p);
      return toView(track);
    },
    async clear(guildId) {
      const p = get(guildId);
      const count = p.upcoming.length;
      p.upcoming = [];
      saved(p);
      return count;
    },
    async shuffle(guildId) {
      const p = get(guildId);
      if (p.upcoming.length < 2) throw userError("QUEUE_TOO_SHORT", "music.nothingToShuffle");
      for (let i = p.upcoming.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [p.upcoming[i], p.upcoming[j]] = [p.upcoming[j] as never, p.upcoming[i] as never];
      }
      saved(p);
      return p.upcoming.length;
    },
    async skipTo(guildId, n) {
      const p = get(guildId);
      if (!p.current) throw noPlayer();
      const index = position(p, n);
      const target = p.upcoming[index];
      p.upcoming.splice(0, index);
      await p.advance(false);
      return toView(target as never);
    },
    async previous(guildId): Promise<TrackView> {
      const p = get(guildId);
      const prev = p.previous.shift();
      if (!prev) throw userError("NO_PREVIOUS", "music.noPrevious");
      if (p.current) p.upcoming.unshift(p.current);
      p.current = prev;
      p.paused = false;
      await p.start(0, true);
      return toView(prev);
    },
    async replay(guildId) {
      const p = get(guildId);
      if (!p.current) throw noPlayer();
      if (p.current.isStream || p.current.durationMs <= 0) {
        throw userError("NOT_SEEKABLE", "music.cannotRestart");
      }
      await p.restart(0);
      return toView(p.current);
    },
    async removeWhere(guildId, pred) {
      const p = get(guildId);
      const views = p.upcoming.map(toView);
      const doomed = new Set(views.map((t, i) => (pred(t, i, views) ? i : -1)).filter((i) => i >= 0));
      if (doomed.size === 0) return [];
      p.upcoming = p.upcoming.filter((_, i) => !doomed.has(i));
      saved(p);
      return [...doomed].map((i) => views[i] as TrackView);
    },
    async setLoop(guildId, mode: LoopMode) {
      const p = get(guildId);
      p.loop = mode;
      saved(p);
    },
  };
}

/** Filter presets on the embedded engine: ffmpeg `-af` chains, applied by restarting ffmpeg where the track is. */
export function embeddedFilterOps(deps: OpsDeps): FilterOps & { labels(guildId: string): string[] } {
  return {
    async apply(guildId: string, preset: FilterPreset, value?: BassLevel | number | string) {
      const p = deps.player(guildId);
      if (!p?.current) throw noPlayer();
      const next: FilterState = nextFilterState(p.filters, preset, value);
      p.filters = next;
      if (!p.paused) await p.restart();
      deps.changed(guildId);
      return filterLabels(next);
    },
    payload: (guildId) => {
      const p = deps.player(guildId);
      return p ? filterPayload(p.filters) : {};
    },
    labels: (guildId) => {
      const p = deps.player(guildId);
      return p ? filterLabels(p.filters) : [];
    },
  };
}
