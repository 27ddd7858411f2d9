import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { StatsSnapshot } from "../ops/stats.ts";
import type { AppMetrics, AppMetricsOptions } from "./app-metrics.ts";

const BREAKER_STATES = ["closed", "half-open", "open"] as const;
const NODE_STATES = ["connected", "disconnected"] as const;
const PRESSURE_LEVELS = ["ok", "soft", "hard"] as const;

/**
 * Encore's Prometheus metrics on prom-client, one registry per app: the default process and Node.js metrics, build
 * info, a command latency histogram, and gauges computed from a stats snapshot on each scrape. States are labels
 * (one series per state, 1 for the current one); durations are seconds; a figure not known yet has no sample.
 */
export function createPromMetrics(opts: AppMetricsOptions): AppMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  let snapshot: StatsSnapshot | null = null;
  const current = (): StatsSnapshot => {
    snapshot ??= opts.stats();
    return snapshot;
  };
  const registers = [registry];

  new Gauge({
    name: "encore_build_info",
    help: "Encore's version and the Node.js version it runs on (always 1)",
    labelNames: ["version", "node_version"],
    registers,
  }).set({ version: opts.version, node_version: process.versions.node }, 1);

  const commands = new Counter({
    name: "encore_commands_total",
    help: "Commands received, by command and outcome (ok, refused, rate-limited, error)",
    labelNames: ["command", "outcome"],
    registers,
  });
  const latency = new Histogram({
    name: "encore_command_duration_seconds",
    help: "Time from a command's arrival to its answer, by command and outcome",
    labelNames: ["command", "outcome"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, s: StatsSnapshot) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        fill(this, current());
      },
    });
  const counter = (name: string, help: string, labelNames: string[], fill: (c: Counter, s: StatsSnapshot) => void) =>
    new Counter({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        fill(this, current());
      },
    });

  gauge("encore_uptime_seconds", "Seconds since Encore started", [], (g, s) => g.set(s.uptimeSeconds));
  gauge("encore_memory_pressure", "Memory monitor level (1 for the current level)", ["level"], (g, s) => {
    for (const level of PRESSURE_LEVELS) g.set({ level }, s.memory.pressure === level ? 1 : 0);
  });
  gauge(
    "encore_memory_heap_live_bytes",
    "JS heap in use right after the latest full garbage collection, as the memory monitor reads it",
    [],
    (g, s) => {
      if (typeof s.memory.heapLiveBytes === "number") g.set(s.memory.heapLiveBytes);
    },
  );
  gauge("encore_discord_ready", "1 when the gateway session is ready", [], (g, s) => g.set(s.discord.ready ? 1 : 0));
  gauge(
    "encore_discord_gateway_ping_seconds",
    "Gateway heartbeat round trip per shard (absent until the first heartbeat is acknowledged)",
    ["shard"],
    (g, s) => {
      for (const p of s.discord.pingSeconds) g.set({ shard: String(p.shard) }, p.seconds);
    },
  );
  gauge(
    "encore_discord_message_content",
    "1 while Discord grants the Message Content intent (prefix commands work), 0 when slash commands only",
    [],
    (g, s) => g.set(s.discord.messageContent ? 1 : 0),
  );
  gauge("encore_guilds", "Guilds the bot is in", [], (g, s) => g.set(s.discord.guilds));
  gauge("encore_players", "Players held by Encore, by engine", ["engine"], (g, s) => {
    for (const [engine, count] of Object.entries(s.players)) g.set({ engine }, count);
  });
  gauge(
    "encore_lavalink_node_state",
    "Lavalink node connection state (1 for the current state)",
    ["node", "state"],
    (g, s) => {
      for (const n of s.nodes) for (const state of NODE_STATES) g.set({ node: n.id, state }, n.state === state ? 1 : 0);
    },
  );
  gauge("encore_lavalink_node_players", "Players on the node (node stats)", ["node"], (g, s) => {
    for (const n of s.nodes) g.set({ node: n.id }, n.players);
  });
  gauge(
    "encore_lavalink_node_cpu_load_ratio",
    "The node's Lavalink CPU load, 0–1 (absent while unknown)",
    ["node"],
    (g, s) => {
      for (const n of s.nodes) if (n.cpuLoad !== null) g.set({ node: n.id }, n.cpuLoad);
    },
  );
  gauge(
    "encore_lavalink_node_compatible",
    "1 when the node passed Encore's checks (Lavalink 4.2+ or NodeLink, a link source, a search source), 0 when not; absent before it connected",
    ["node"],
    (g, s) => {
      for (const n of s.nodes) if (n.compatible !== null) g.set({ node: n.id }, n.compatible ? 1 : 0);
    },
  );
  gauge("encore_music_breaker_state", "Music circuit breaker state (1 for the current state)", ["state"], (g, s) => {
    for (const state of BREAKER_STATES) g.set({ state }, s.breaker === state ? 1 : 0);
  });
  gauge("encore_cache_entries", "Entries per cache", ["cache"], (g, s) => {
    for (const c of s.caches) g.set({ cache: c.name }, c.entries);
  });
  counter("encore_cache_hits_total", "Cache hits", ["cache"], (c, s) => {
    for (const x of s.caches) c.inc({ cache: x.name }, x.hits);
  });
  counter("encore_cache_misses_total", "Cache misses", ["cache"], (c, s) => {
    for (const x of s.caches) c.inc({ cache: x.name }, x.misses);
  });
  counter(
    "encore_rate_limit_refusals_total",
    "Requests the per-member rate limit refused, by kind",
    ["kind"],
    (c, s) => {
      c.inc({ kind: "command" }, s.refusals.commands);
      c.inc({ kind: "autocomplete" }, s.refusals.autocomplete);
    },
  );

  return {
    contentType: registry.contentType,
    commandDone(command, outcome, seconds) {
      commands.inc({ command, outcome });
      if (seconds !== undefined) latency.observe({ command, outcome }, seconds);
    },
    async render() {
      // One snapshot per scrape, shared by every gauge.
      snapshot = null;
      try {
        return await registry.metrics();
      } finally {
        snapshot = null;
      }
    },
  };
}
