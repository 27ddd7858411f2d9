import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { parseMetrics } from "../helpers/metrics.ts";

describe("/stats", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  const slash = (userId: string, name: string, options?: { name: string; type: number; value: string }[]) =>
    h.discord
      .sendSlash({ guildId: ids.guild, channelId: ids.text, userId, name, options: (options ?? []) as never })
      .waitForResponse();

  it("is for members with Manage Server and shows the figures /metrics exports", async () => {
    h = await startHarness();
    const refused = await slash(ids.alice, "stats");
    expect(refused.content).toBe("You need the Manage Server permission to do that.");

    // One search twice: a miss, then a hit in the search cache.
    await slash(ids.alice, "play", [{ name: "query", type: 3, value: "never gonna give" }]);
    await slash(ids.alice, "play", [{ name: "query", type: 3, value: "never gonna give" }]);

    const reply = await slash(ids.admin, "stats");
    expect(reply.ephemeral).toBe(true);
    const text = String(reply.content);
    const m = parseMetrics(await (await fetch(`http://127.0.0.1:${h.app.httpPort()}/metrics`)).text());
    const hits = m.sample("encore_cache_hits_total", { cache: "search" }) ?? -1;
    const misses = m.sample("encore_cache_misses_total", { cache: "search" }) ?? -1;
    expect(hits).toBeGreaterThanOrEqual(1);
    expect(text).toContain(`• search: ${m.sample("encore_cache_entries", { cache: "search" })} entries`);
    expect(text).toContain(`(${hits}/${hits + misses})`);
    expect(text).toMatch(/^Uptime \d+m \d+s · memory \d+ MB RSS, heap \d+ MB \(pressure: ok\)$/m);
    expect(text).toContain(`Players: ${m.sample("encore_players", { engine: "lavalink" })} (lavalink)`);
    expect(text).toContain("music circuit breaker: closed");
    expect(text).toMatch(/^• main: up, \d+ players \(\d+ playing\)(, CPU \d+%)?(, memory \d+ MB)?, compatible$/m);
    const refusals = m.sample("encore_rate_limit_refusals_total", { kind: "command" });
    expect(text).toContain(`Rate limit refusals: ${refusals} commands`);
  });
});
