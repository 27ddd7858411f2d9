import type { LavalinkManager, Player } from "lavalink-client";
import type { Logger } from "../core/logger.ts";
import type { SponsorBlockCategory } from "../store/types.ts";
import type { PlayerEvents } from "./player-events.ts";

/** How members read a category in the channel note. */
export const CATEGORY_LABELS: Readonly<Record<SponsorBlockCategory, string>> = {
  sponsor: "sponsor",
  selfpromo: "self-promotion",
  interaction: "interaction reminder",
  intro: "intro",
  outro: "outro",
  preview: "preview",
  music_offtopic: "non-music",
  filler: "filler",
};

/** The plugin's name in a node's `/v4/info` `plugins`. */
const PLUGIN = "sponsorblock-plugin";

/** One segment as the plugin reports it (milliseconds). */
export interface SkippedSegment {
  readonly category: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface SponsorBlockDeps {
  manager: LavalinkManager;
  events: PlayerEvents;
  /** The guild's chosen categories (the `sponsorblock` setting); empty: skip nothing. */
  categoriesFor: (guildId: string) => readonly string[];
  logger: Logger;
}

const nodeHasPlugin = (player: Player): boolean =>
  Boolean(player.node?.info?.plugins?.some((p) => String(p?.name ?? "").toLowerCase() === PLUGIN));

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((c) => b.includes(c));

export interface SponsorBlockWiring {
  /** Applies the guild's setting to its player now (after the setting changed). */
  sync(guildId: string): void;
  /** Unbinds from the manager. */
  stop(): void;
}

/**
 * Keeps each player's SponsorBlock categories (`PUT /v4/sessions/{id}/players/{guild}/sponsorblock/categories`) in
 * line with the guild's setting on nodes that have the plugin, and turns the plugin's `SegmentSkipped` events into
 * Encore's `segmentSkipped`. The plugin reads the categories when a track starts, so they are sent when the player
 * is created and when the setting changes (applying from the next track on), and re-checked on every player update
 * (a resumed player, a node that refused once); lavalink-client re-sends them itself when a player moves nodes.
 */
export function wireSponsorBlock(deps: SponsorBlockDeps): SponsorBlockWiring {
  const { manager, events, logger } = deps;
  /** Per guild: the categories being sent, or that failed to apply (not retried until the setting changes). */
  const pending = new Map<string, string>();
  const failed = new Map<string, string>();

  const sync = (player: Player) => {
    if (!player.node?.sessionId || !nodeHasPlugin(player)) return;
    const wanted = [...new Set(deps.categoriesFor(player.guildId))];
    const applied = (player.getData("internal_sponsorBlockCategories") as string[] | undefined) ?? [];
    const key = wanted.join(",");
    if (sameSet(wanted, applied) || pending.get(player.guildId) === key || failed.get(player.guildId) === key) return;
    pending.set(player.guildId, key);
    const call =
      wanted.length > 0 ? player.setSponsorBlock(wanted as SponsorBlockCategory[]) : player.deleteSponsorBlock();
    call
      .then(() => failed.delete(player.guildId))
      .catch((err: unknown) => {
        failed.set(player.guildId, key);
        logger.warn({ err, guildId: player.guildId, categories: wanted }, "could not set SponsorBlock categories");
      })
      .finally(() => {
        if (pending.get(player.guildId) === key) pending.delete(player.guildId);
      });
  };

  const handlers = {
    playerCreate: (player: Player) => sync(player),
    playerUpdate: (_old: unknown, player: Player) => sync(player),
    SegmentSkipped: (player: Player, _track: unknown, payload: { segment?: Record<string, unknown> }) => {
      const segment = payload?.segment;
      if (!segment) return;
      const startMs = Number(segment.start);
      const endMs = Number(segment.end);
      if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return;
      events.emit("segmentSkipped", player.guildId, { category: String(segment.category ?? ""), startMs, endMs });
    },
    playerDestroy: (player: Player) => {
      pending.delete(player.guildId);
      failed.delete(player.guildId);
    },
  };
  // The manager's typed emitter wants one signature per event name; these handlers match them one by one.
  const emitter = manager as unknown as {
    on(name: string, fn: (...args: never[]) => unknown): void;
    off(name: string, fn: (...args: never[]) => unknown): void;
  };
  for (const [name, fn] of Object.entries(handlers)) emitter.on(name, fn);
  return {
    sync: (guildId) => {
      const player = manager.getPlayer(guildId);
      if (!player) return;
      failed.delete(guildId);
      sync(player);
    },
    stop: () => {
      for (const [name, fn] of Object.entries(handlers)) emitter.off(name, fn);
    },
  };
}

/** The channel note for a skipped segment: "Skipped a sponsor segment (0:30–1:05)." */
export function segmentNote(segment: SkippedSegment): string {
  const label = CATEGORY_LABELS[segment.category as SponsorBlockCategory] ?? "marked";
  return `⏭️ Skipped a ${label} segment (${clock(segment.startMs)}–${clock(segment.endMs)}).`;
}

function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
