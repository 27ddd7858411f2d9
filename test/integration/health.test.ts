import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";

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
    expect(metrics.text).toContain('encore_lavalink_node_up{node="main"} 1');
    expect(metrics.text).toContain('encore_lavalink_node_compatible{node="main"} 1');
    expect(metrics.text).toMatch(/encore_commands_total\{command="ping",outcome="ok"\} 1/);
    expect(metrics.text).toContain("encore_discord_ready 1");
    expect(metrics.text).toMatch(/encore_cache_entries\{cache="search"\} \d+/);
    expect(metrics.text).toMatch(/# TYPE encore_process_resident_memory_bytes gauge/);
    expect(metrics.text).not.toContain(h.config.discordToken);

    await h.node.kill();
    await waitUntil(() => !h.app.music.available(), 5000, "the node to be seen as gone");
    const unready = await get("/readyz");
    expect(unready.status).toBe(503);
    expect(JSON.parse(unready.text).checks.lavalink).toBe(false);
    expect((await get("/metrics")).text).toContain("encore_music_breaker_state 2");
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
    expect((await get("/metrics")).text).toContain('encore_lavalink_node_compatible{node="main"} 0');
  });
});
