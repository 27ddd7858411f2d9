import { afterEach, describe, expect, it } from "vitest";
import type { FakeLavalinkOptions } from "../fakes/lavalink/index.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { play } from "../helpers/player-driver.ts";

const SPONSORBLOCK: FakeLavalinkOptions = {
  plugins: [{ name: "sponsorblock-plugin", version: "3.0.1" }],
  segments: { dQw4w9WgXcQ: [{ category: "sponsor", start: 30_000, end: 65_000 }] },
};
const CATEGORIES = "/sponsorblock/categories";

/** Indexes in the node's request log (recorded as each is answered) of the categories PUT and the first track start. */
const order = (h: Harness) => ({
  put: h.node.requests.findIndex((r) => r.method === "PUT" && r.path.endsWith(CATEGORIES)),
  track: h.node.requests.findIndex((r) => r.method === "PATCH" && r.body?.track?.encoded),
});

describe("SponsorBlock categories and the first track start", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("a slow categories call is waited for: the first track is sent only once the node has the categories", async () => {
    h = await startHarness({
      lavalink: SPONSORBLOCK,
      guildSettings: { [ids.guild]: { sponsorBlockCategories: ["sponsor"] } },
    });
    const harness = h;
    // The node takes a while to answer the categories call, longer than joining voice takes.
    harness.node.delayPath(CATEGORIES, 1200);
    await play(harness, "never gonna give");
    await harness.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded && r.status === 200, 8000);
    const { put, track } = order(harness);
    expect(put).toBeGreaterThanOrEqual(0);
    expect(track).toBeGreaterThan(put);
    // The track PATCH was sent after the PUT was answered, so the plugin had the categories when the track started.
    expect(harness.node.requests[track]?.at).toBeGreaterThanOrEqual(harness.node.requests[put]?.at ?? Infinity);
    const note = await harness.discord.waitForMessage(ids.text, (m) => m.content.startsWith("⏭️"));
    expect(note.content).toBe("⏭️ Skipped a sponsor segment (0:30–1:05).");
  });

  it("a categories call that does not come back does not hold the track: it starts after a bounded wait, logged", async () => {
    h = await startHarness({
      lavalink: SPONSORBLOCK,
      guildSettings: { [ids.guild]: { sponsorBlockCategories: ["sponsor"] } },
    });
    const harness = h;
    harness.node.delayPath(CATEGORIES, 8000);
    const started = Date.now();
    await play(harness, "never gonna give");
    await harness.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded && r.status === 200, 8000);
    expect(Date.now() - started).toBeLessThan(7000);
    expect(order(harness).put).toBe(-1);
    await waitUntil(
      () => harness.logs.some((l) => l.includes("SponsorBlock categories not confirmed in time")),
      2000,
      "the log line",
    );
  });
});
