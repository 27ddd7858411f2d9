import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { parseMetrics } from "../helpers/metrics.ts";

describe("health, readiness and metrics", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${h.app.httpPort()}${path}`);
    return { status: res.status, text: await res.text() };
  };

  it("reports ready with every check, exposes Prometheus metrics, and turns unready when the node goes away", async () => {
    h = await startHarness();
    expect((await get("/healthz")).status).toBe(200);
    const ready = await get("/readyz");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ ok: true, checks: { discord: true, lavalink: true, database: true } });

    await h.discord
      .sendSlash({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, name: "ping" })
      .waitForResponse();
    const metrics = await get("/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.text).not.toContain(h.config.discordToken);
    const m = parseMetrics(metrics.text);
    // Standard process and Node.js metrics, and build info.
    for (const name of ["process_resident_memory_bytes", "process_cpu_seconds_total", "nodejs_eventloop_lag_seconds"]) {
      expect(m.families.has(name), name).toBe(true);
    }
    expect(m.families.get("encore_build_info")?.metrics[0]?.labels).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      node_version: process.versions.node,
    });
    // States as labels, one series per state.
    expect(m.sample("encore_lavalink_node_state", { node: "main", state: "connected" })).toBe(1);
    expect(m.sample("encore_lavalink_node_state", { node: "main", state: "disconnected" })).toBe(0);
    expect(m.sample("encore_music_breaker_state", { state: "closed" })).toBe(1);
    expect(m.sample("encore_music_breaker_state", { state: "open" })).toBe(0);
    expect(m.sample("encore_lavalink_node_compatible", { node: "main" })).toBe(1);
    expect(m.sample("encore_discord_ready")).toBe(1);
    expect(m.sample("encore_cache_entries", { cache: "search" })).toBeGreaterThanOrEqual(0);
    expect(m.sample("encore_commands_total", { command: "ping", outcome: "ok" })).toBe(1);
    // The latency histogram, in seconds.
    const latency = m.families.get("encore_command_duration_seconds");
    expect(latency?.type).toBe("HISTOGRAM");
    const labels = { command: "ping", outcome: "ok" };
    expect(m.sample("encore_command_duration_seconds_count", labels)).toBe(1);
    expect(m.sample("encore_command_duration_seconds_sum", labels)).toBeGreaterThan(0);
    expect(m.sample("encore_command_duration_seconds_sum", labels)).toBeLessThan(10);
    expect(m.sample("encore_command_duration_seconds_bucket", { ...labels, le: "+Inf" })).toBe(1);
    // No sentinel values anywhere: every Encore sample is a real, non-negative figure.
    for (const family of m.families.values()) {
      if (!family.name.startsWith("encore_")) continue;
      for (const x of family.metrics)
        if (x.value !== undefined) expect(Number(x.value), family.name).toBeGreaterThanOrEqual(0);
    }
    // Promtool's naming rules: no abbreviated units, counters end in _total.
    for (const family of m.families.values()) {
      expect(family.name).not.toMatch(/_ms$|_millis|_kb$|_mb$/);
      if (family.type === "COUNTER") expect(family.name).toMatch(/_total$/);
    }

    await h.node.kill();
    await waitUntil(() => !h.app.music.nodesAvailable(), 5000, "the node to be seen as gone");
    const unready = await get("/readyz");
    expect(unready.status).toBe(503);
    expect(JSON.parse(unready.text).checks.lavalink).toBe(false);
    const down = parseMetrics((await get("/metrics")).text);
    expect(down.sample("encore_music_breaker_state", { state: "open" })).toBe(1);
    expect(down.sample("encore_lavalink_node_state", { node: "main", state: "disconnected" })).toBe(1);
    expect((await get("/nope")).status).toBe(404);
  });

  it("says plainly when a node is too old for Discord voice", async () => {
    h = await startHarness({ lavalink: { version: "4.0.8" } });
    const ping = await h.discord
      .sendSlash({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, name: "ping" })
      .waitForResponse();
    expect(ping.content).toMatch(
      /main: up, \d+ players, Lavalink 4\.0\.8, links ✓, search: YouTube \(⚠ Lavalink 4\.0\.8 is too old: .*4\.2 or newer/,
    );
    expect(h.logs.some((l) => l.includes('"level":50') && l.includes("Lavalink 4.0.8 is too old"))).toBe(true);
    expect(parseMetrics((await get("/metrics")).text).sample("encore_lavalink_node_compatible", { node: "main" })).toBe(
      0,
    );
  });
});
