import type { LavalinkManager, Player } from "lavalink-client";
import { UserError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { Translate } from "../i18n/translate.ts";
import type { SponsorBlockCategory } from "../store/types.ts";
import type { LavalinkEvents } from "./lavalink-events.ts";
import { NodeRequestError } from "./node-patch.ts";
import type { PlayerEvents } from "./player-events.ts";
import { holdTrackStarts } from "./track-start-wait.ts";

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
  /** The manager's events, through Encore's one subscriber to them. */
  lavalinkEvents: LavalinkEvents;
  events: PlayerEvents;
  /** The guild's chosen categories (the `sponsorblock` setting); empty: skip nothing. */
  categoriesFor: (guildId: string) => readonly string[];
  /** Runs a node call through the circuit breaker (the music service's guard). */
  guard: <T>(fn: () => Promise<T>) => Promise<T>;
  now: () => number;
  logger: Logger;
}

/**
 * A failed call is tried again on the next player update once (a PUT refused before the node had the player), then
 * at most this often.
 */
const RETRY_AFTER_MS = 60_000;

/**
 * How long a track start waits for a categories call still in flight (the plugin reads the categories when a track
 * starts); past it the track starts anyway and the categories apply once the node answers.
 */
const TRACK_START_WAIT_MS = 3_000;

const nodeHasPlugin = (player: Player): boolean =>
  Boolean(player.node?.info?.plugins?.some((p) => String(p?.name ?? "").toLowerCase() === PLUGIN));

/** Where lavalink-client keeps a player's categories (it re-sends them after moving the player to another node). */
const APPLIED_KEY = "internal_sponsorBlockCategories";

/**
 * Sends the categories (`PUT`, or `DELETE` for none) and checks the answer — lavalink-client's own
 * `setSponsorBlock` ignores the status of a PUT. A 5xx is a node fault (counted by the breaker), a 4xx a refusal.
 */
async function sendCategories(player: Player, categories: readonly string[]): Promise<void> {
  const node = player.node;
  const path = `/sessions/${node.sessionId}/players/${player.guildId}/sponsorblock/categories`;
  const { response } = await node.rawRequest(path, (options) => {
    options.method = categories.length > 0 ? "PUT" : "DELETE";
    if (categories.length > 0) {
      options.headers = { ...options.headers, "Content-Type": "application/json" };
      options.body = JSON.stringify(categories);
    }
  });
  if (response.status >= 500) {
    throw new NodeRequestError(
      response.status,
      `node ${node.id} answered ${response.status} to sponsorblock categories`,
    );
  }
  if (!response.ok) throw new UserError("NODE_REFUSED", `node ${node.id} refused the categories (${response.status})`);
  player.setData(APPLIED_KEY, [...categories]);
}

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
 * is created (or, when its node had no session yet, once the session exists) and when the setting changes (applying
 * from the next track on); a track start waits (bounded) for a call still in flight. They are re-checked on every
 * player update (a resumed player, a node that refused once); lavalink-client re-sends them itself when a player
 * moves nodes.
 */
export function wireSponsorBlock(deps: SponsorBlockDeps): SponsorBlockWiring {
  const { manager, events, logger } = deps;
  /** Per guild: the categories being sent, and those that last failed (how often in a row, and when). */
  const pending = new Map<string, string>();
  const failed = new Map<string, { key: string; at: number; count: number }>();

  const sync = (player: Player) => {
    if (!player.node?.sessionId || !nodeHasPlugin(player)) return;
    const wanted = [...new Set(deps.categoriesFor(player.guildId))];
    const applied = (player.getData(APPLIED_KEY) as string[] | undefined) ?? [];
    const key = wanted.join(",");
    if (sameSet(wanted, applied) || pending.get(player.guildId) === key) return;
    const failure = failed.get(player.guildId);
    if (failure?.key === key && failure.count > 1 && deps.now() - failure.at < RETRY_AFTER_MS) return;
    pending.set(player.guildId, key);
    const call = deps
      .guard(() => sendCategories(player, wanted))
      .then(() => failed.delete(player.guildId))
      .catch((err: unknown) => {
        const count = failure?.key === key ? failure.count + 1 : 1;
        failed.set(player.guildId, { key, at: deps.now(), count });
        logger.warn({ err, guildId: player.guildId, categories: wanted }, "could not set SponsorBlock categories");
      })
      .finally(() => {
        if (pending.get(player.guildId) === key) pending.delete(player.guildId);
      });
    holdTrackStarts(player, call, TRACK_START_WAIT_MS, () =>
      logger.warn(
        { guildId: player.guildId, waitedMs: TRACK_START_WAIT_MS },
        "SponsorBlock categories not confirmed in time; starting the track without waiting",
      ),
    );
  };

  const on = deps.lavalinkEvents;
  const unsubscribe = [
    on.onPlayer("playerCreate", (player) => sync(player)),
    // A player created while its node had no session yet (node connecting) was skipped above: its categories go out
    // as soon as the session exists, before its first track can start, not at its first player update (which
    // comes only once a track plays). The node sets its session id right after this event, hence the microtask.
    on.onNode("raw", (node, payload) => {
      if ((payload as { op?: unknown } | null)?.op !== "ready") return;
      queueMicrotask(() => {
        for (const player of manager.players.values()) if (player.node?.id === node.id) sync(player);
      });
    }),
    on.onPlayer("playerUpdate", (_old, player) => sync(player)),
    on.onPlayer("SegmentSkipped", (player, _track, payload) => {
      const segment = (payload as { segment?: Record<string, unknown> } | undefined)?.segment;
      if (!segment) return;
      const startMs = Number(segment.start);
      const endMs = Number(segment.end);
      if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return;
      events.emit("segmentSkipped", player.guildId, { category: String(segment.category ?? ""), startMs, endMs });
    }),
    on.onPlayer("playerDestroy", (player) => {
      pending.delete(player.guildId);
      failed.delete(player.guildId);
    }),
  ];
  return {
    sync: (guildId) => {
      const player = manager.getPlayer(guildId);
      if (!player) return;
      failed.delete(guildId);
      sync(player);
    },
    stop: () => {
      for (const off of unsubscribe) off();
    },
  };
}

/** The channel note for a skipped segment: "Skipped a sponsor segment (0:30–1:05)." */
export function segmentNote(t: Translate, segment: SkippedSegment): string {
  const category = Object.hasOwn(CATEGORY_LABELS, segment.category) ? segment.category : "marked";
  const label = t(`sponsorblock.category.${category as SponsorBlockCategory | "marked"}`);
  return t("sponsorblock.skipped", { label, from: clock(segment.startMs), to: clock(segment.endMs) });
}

function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
