import type { Client } from "discord.js";
import type { LavalinkManager } from "lavalink-client";
import type { BreakerState } from "../core/breaker.ts";
import type { CacheRegistry } from "../core/cache.ts";
import type { Clock } from "../core/clock.ts";
import type { MemoryLevel } from "../core/memory-monitor.ts";
import type { RefusalCounts } from "./refusals.ts";

/** One node as operators see it. Loads are 0–1 ratios from the node's own stats; null before its first stats. */
export interface NodeStats {
  readonly id: string;
  readonly state: "connected" | "disconnected";
  readonly players: number;
  readonly playingPlayers: number;
  readonly cpuLoad: number | null;
  readonly memoryUsedBytes: number | null;
  /** null until the node was checked (it connected once). */
  readonly compatible: boolean | null;
  readonly problems: readonly string[];
}

export interface CacheFigures {
  readonly name: string;
  readonly entries: number;
  readonly hits: number;
  readonly misses: number;
  /** hits / (hits + misses); null before the first lookup. */
  readonly hitRate: number | null;
}

/** Every operational figure, read from live state in one place: `/metrics` and `/stats` both render this. */
export interface StatsSnapshot {
  readonly uptimeSeconds: number;
  readonly memory: {
    readonly rssBytes: number;
    readonly heapUsedBytes: number;
    /** Heap in use after the latest full collection, as the memory monitor reads it (null when not known). */
    readonly heapLiveBytes?: number | null;
    readonly pressure: MemoryLevel;
  };
  readonly discord: {
    readonly ready: boolean;
    readonly guilds: number;
    /** Heartbeat round trip per shard, seconds; a shard that has not measured one yet is absent. */
    readonly pingSeconds: readonly { readonly shard: number; readonly seconds: number }[];
    /** False after Discord refused the Message Content intent: slash commands only. */
    readonly messageContent: boolean;
  };
  readonly players: Readonly<Record<string, number>>;
  readonly nodes: readonly NodeStats[];
  readonly breaker: BreakerState;
  readonly caches: readonly CacheFigures[];
  readonly refusals: RefusalCounts;
}

export interface StatsSources {
  readonly clock: Clock;
  readonly startedAt: number;
  readonly client: Client;
  readonly lavalink: LavalinkManager;
  readonly caches: CacheRegistry;
  readonly memoryLevel: () => MemoryLevel;
  /** The memory monitor's last live-heap reading. */
  readonly heapLive?: () => number | null;
  readonly breakerState: () => BreakerState;
  readonly compatibility: (nodeId: string) => { ok: boolean; problems: readonly string[] } | null;
  readonly refusals: () => RefusalCounts;
  readonly messageContent: () => boolean;
  /** Players held per engine (lavalink, embedded…). */
  readonly playersByEngine: () => Readonly<Record<string, number>>;
  readonly memoryUsage?: () => { rss: number; heapUsed: number };
}

/** Reads every figure from its source; cheap enough to run on each scrape or command. */
export function collectStats(s: StatsSources): StatsSnapshot {
  const mem = (s.memoryUsage ?? process.memoryUsage)();
  const pingSeconds = [...s.client.ws.shards.values()]
    .filter((shard) => shard.ping >= 0)
    .map((shard) => ({ shard: shard.id, seconds: shard.ping / 1000 }));
  return {
    uptimeSeconds: Math.max(0, (s.clock.now() - s.startedAt) / 1000),
    memory: {
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      heapLiveBytes: s.heapLive?.() ?? null,
      pressure: s.memoryLevel(),
    },
    discord: {
      ready: s.client.isReady(),
      guilds: s.client.guilds.cache.size,
      pingSeconds,
      messageContent: s.messageContent(),
    },
    players: s.playersByEngine(),
    nodes: [...s.lavalink.nodeManager.nodes.values()].map((n) => {
      const check = s.compatibility(n.id);
      const load = n.stats?.cpu?.lavalinkLoad;
      const memoryUsed = n.stats?.memory?.used;
      return {
        id: n.id,
        state: n.connected ? "connected" : "disconnected",
        players: n.stats?.players ?? 0,
        playingPlayers: n.stats?.playingPlayers ?? 0,
        cpuLoad: n.connected && typeof load === "number" && load >= 0 ? load : null,
        memoryUsedBytes: n.connected && typeof memoryUsed === "number" && memoryUsed > 0 ? memoryUsed : null,
        compatible: check ? check.ok : null,
        problems: check?.problems ?? [],
      };
    }),
    breaker: s.breakerState(),
    caches: s.caches.list().map((c) => {
      const { hits, misses } = c.stats();
      return {
        name: c.name,
        entries: c.size(),
        hits,
        misses,
        hitRate: hits + misses > 0 ? hits / (hits + misses) : null,
      };
    }),
    refusals: s.refusals(),
  };
}
