import { describe, expect, it, vi } from "vitest";
import { createAppMetrics, MAX_PENDING_COMMANDS } from "../../../src/http/app-metrics.ts";
import { countRefusals } from "../../../src/ops/refusals.ts";
import type { StatsSnapshot } from "../../../src/ops/stats.ts";
import { parseMetrics } from "../../helpers/metrics.ts";

function snapshot(over: Partial<StatsSnapshot> = {}): StatsSnapshot {
  return {
    uptimeSeconds: 12.5,
    memory: { rssBytes: 100 * 1024 * 1024, heapUsedBytes: 40 * 1024 * 1024, heapLiveBytes: null, pressure: "soft" },
    discord: { ready: false, guilds: 0, pingSeconds: [], messageContent: true },
    players: { lavalink: 2 },
    nodes: [
      {
        id: "main",
        state: "disconnected",
        players: 0,
        playingPlayers: 0,
        cpuLoad: null,
        memoryUsedBytes: null,
        compatible: null,
        problems: [],
      },
    ],
    breaker: "half-open",
    caches: [{ name: "search", entries: 3, hits: 6, misses: 2, hitRate: 0.75 }],
    refusals: { commands: 4, autocomplete: 1 },
    ...over,
  };
}

describe("createAppMetrics", () => {
  it("leaves out what is not known yet instead of writing a sentinel", async () => {
    const metrics = createAppMetrics({ version: "1.2.3", stats: () => snapshot(), defaultMetrics: false });
    const m = parseMetrics(await metrics.render());
    expect(m.families.get("encore_discord_gateway_ping_seconds")?.metrics ?? []).toEqual([]);
    expect(m.families.get("encore_lavalink_node_cpu_load_ratio")?.metrics ?? []).toEqual([]);
    expect(m.families.get("encore_lavalink_node_compatible")?.metrics ?? []).toEqual([]);
    expect(m.sample("encore_music_breaker_state", { state: "half-open" })).toBe(1);
    expect(m.sample("encore_memory_pressure", { level: "soft" })).toBe(1);
    expect(m.sample("encore_memory_pressure", { level: "ok" })).toBe(0);
    expect(m.sample("encore_build_info", { version: "1.2.3" })).toBe(1);
  });

  it("reports each shard's heartbeat in seconds once measured, and the counters from the snapshot", async () => {
    const stats = snapshot({
      discord: { ready: true, guilds: 3, pingSeconds: [{ shard: 0, seconds: 0.042 }], messageContent: false },
      memory: { rssBytes: 1, heapUsedBytes: 1, heapLiveBytes: 30 * 1024 * 1024, pressure: "ok" },
    });
    // Recorded before prom-client is loaded (the first render loads it): still counted.
    const metrics = createAppMetrics({ version: "1.2.3", stats: () => stats, defaultMetrics: false });
    metrics.commandDone("play", "ok", 0.12);
    metrics.commandDone("play", "rate-limited");
    const m = parseMetrics(await metrics.render());
    expect(m.sample("encore_discord_gateway_ping_seconds", { shard: "0" })).toBe(0.042);
    expect(m.sample("encore_discord_message_content")).toBe(0);
    expect(m.sample("encore_memory_heap_live_bytes")).toBe(30 * 1024 * 1024);
    expect(m.sample("encore_cache_hits_total", { cache: "search" })).toBe(6);
    expect(m.sample("encore_cache_misses_total", { cache: "search" })).toBe(2);
    expect(m.sample("encore_rate_limit_refusals_total", { kind: "command" })).toBe(4);
    expect(m.sample("encore_rate_limit_refusals_total", { kind: "autocomplete" })).toBe(1);
    expect(m.sample("encore_commands_total", { command: "play", outcome: "rate-limited" })).toBe(1);
    expect(m.sample("encore_command_duration_seconds_count", { command: "play", outcome: "ok" })).toBe(1);
    expect(m.sample("encore_command_duration_seconds_bucket", { command: "play", outcome: "ok", le: "0.1" })).toBe(0);
    expect(m.sample("encore_command_duration_seconds_bucket", { command: "play", outcome: "ok", le: "0.25" })).toBe(1);
    // A refused command never ran: it has no latency sample.
    expect(
      m.sample("encore_command_duration_seconds_count", { command: "play", outcome: "rate-limited" }),
    ).toBeUndefined();
  });
});

describe("loading prom-client", () => {
  it("waits for the first scrape, or builds the registry once many commands were answered before one: none lost", async () => {
    const metrics = createAppMetrics({ version: "1.2.3", stats: () => snapshot(), defaultMetrics: false });
    const before = MAX_PENDING_COMMANDS / 2 - 1;
    for (let i = 0; i < before; i++) metrics.commandDone("ping", "ok", 0.001);
    expect(metrics.loaded).toBe(false);
    metrics.commandDone("ping", "ok", 0.001);
    await vi.waitFor(() => expect(metrics.loaded).toBe(true));
    metrics.commandDone("ping", "ok", 0.001);
    const m = parseMetrics(await metrics.render());
    expect(m.sample("encore_commands_total", { command: "ping", outcome: "ok" })).toBe(before + 2);
  });
});

describe("countRefusals", () => {
  it("counts the limiter's refusals by kind and passes its answers through unchanged", () => {
    let allow = false;
    const { gate, counts } = countRefusals({
      admit: () => (allow ? { kind: "run" } : { kind: "refuse", notify: true, retryAfterMs: 500 }),
      admitAutocomplete: () => allow,
    });
    expect(gate.admit("u")).toEqual({ kind: "refuse", notify: true, retryAfterMs: 500 });
    expect(gate.admitAutocomplete("u")).toBe(false);
    gate.admit("u");
    allow = true;
    expect(gate.admit("u")).toEqual({ kind: "run" });
    expect(counts()).toEqual({ commands: 2, autocomplete: 1 });
  });
});
