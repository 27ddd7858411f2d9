import type { Client } from "discord.js";
import type { LavalinkManager } from "lavalink-client";
import type { CircuitBreaker } from "../core/breaker.ts";
import type { CacheRegistry } from "../core/cache.ts";
import type { MemoryMonitor } from "../core/memory-monitor.ts";
import type { NodePreflight } from "../music/node-preflight.ts";
import { CounterSet, type MetricSample, renderMetrics } from "./metrics.ts";

export interface MetricSources {
  client: Client;
  lavalink: LavalinkManager;
  caches: CacheRegistry;
  memory: MemoryMonitor;
  breaker: CircuitBreaker;
  commandCounts: CounterSet;
  preflight: NodePreflight;
}

const breakerValue = { closed: 0, "half-open": 1, open: 2 } as const;

/** Encore's Prometheus metrics, computed from live state on each scrape. */
export const appMetrics = {
  newCounters: () => new CounterSet(),
  render(s: MetricSources): string {
    const mem = process.memoryUsage();
    const nodes = [...s.lavalink.nodeManager.nodes.values()];
    const caches = s.caches.list();
    const samples: MetricSample[] = [
      {
        name: "encore_process_resident_memory_bytes",
        help: "Resident set size",
        type: "gauge",
        values: [{ value: mem.rss }],
      },
      {
        name: "encore_process_heap_used_bytes",
        help: "V8 heap in use",
        type: "gauge",
        values: [{ value: mem.heapUsed }],
      },
      {
        name: "encore_memory_pressure_level",
        help: "Memory monitor level (0 ok, 1 soft, 2 hard)",
        type: "gauge",
        values: [{ value: { ok: 0, soft: 1, hard: 2 }[s.memory.level] }],
      },
      {
        name: "encore_discord_ready",
        help: "1 when the gateway session is ready",
        type: "gauge",
        values: [{ value: s.client.isReady() ? 1 : 0 }],
      },
      {
        name: "encore_discord_gateway_ping_ms",
        help: "Gateway heartbeat latency",
        type: "gauge",
        values: [{ value: s.client.ws.ping }],
      },
      {
        name: "encore_guilds",
        help: "Guilds the bot is in",
        type: "gauge",
        values: [{ value: s.client.guilds.cache.size }],
      },
      {
        name: "encore_lavalink_node_up",
        help: "1 when the node's websocket is connected",
        type: "gauge",
        values: nodes.map((n) => ({ labels: { node: n.id }, value: n.connected ? 1 : 0 })),
      },
      {
        name: "encore_lavalink_node_players",
        help: "Players on the node (node stats)",
        type: "gauge",
        values: nodes.map((n) => ({ labels: { node: n.id }, value: n.stats?.players ?? 0 })),
      },
      {
        name: "encore_lavalink_node_compatible",
        help: "1 when the node passed Encore's checks (Lavalink 4.2+ or NodeLink, a link source, a search source), 0 when not; absent before it connected",
        type: "gauge",
        values: nodes.flatMap((n) => {
          const r = s.preflight.result(n.id);
          return r ? [{ labels: { node: n.id }, value: r.ok ? 1 : 0 }] : [];
        }),
      },
      {
        name: "encore_players",
        help: "Players held by Encore",
        type: "gauge",
        values: [{ value: s.lavalink.players.size }],
      },
      {
        name: "encore_music_breaker_state",
        help: "Music circuit breaker (0 closed, 1 half-open, 2 open)",
        type: "gauge",
        values: [{ value: breakerValue[s.breaker.state] }],
      },
      {
        name: "encore_cache_entries",
        help: "Entries per cache",
        type: "gauge",
        values: caches.map((c) => ({ labels: { cache: c.name }, value: c.size() })),
      },
      {
        name: "encore_cache_hits_total",
        help: "Cache hits",
        type: "counter",
        values: caches.map((c) => ({ labels: { cache: c.name }, value: c.stats().hits })),
      },
      {
        name: "encore_cache_misses_total",
        help: "Cache misses",
        type: "counter",
        values: caches.map((c) => ({ labels: { cache: c.name }, value: c.stats().misses })),
      },
      {
        name: "encore_commands_total",
        help: "Commands run, by outcome",
        type: "counter",
        values: s.commandCounts.values(),
      },
    ];
    return renderMetrics(samples);
  },
};
