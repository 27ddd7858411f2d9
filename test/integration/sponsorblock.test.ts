import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { FakeLavalinkOptions } from "../fakes/lavalink/index.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, restartApp, startHarness, waitUntil } from "../helpers/harness.ts";
import { play, prefixReply, waitPlaying } from "../helpers/player-driver.ts";

const SPONSORBLOCK: FakeLavalinkOptions = {
  plugins: [{ name: "sponsorblock-plugin", version: "3.0.1" }],
  segments: {
    dQw4w9WgXcQ: [
      { category: "sponsor", start: 30_000, end: 65_000 },
      { category: "outro", start: 200_000, end: 212_000 },
    ],
  },
};

const categoryCalls = (h: Harness) =>
  h.node.requests
    .filter((r) => r.path.endsWith(`/players/${ids.guild}/sponsorblock/categories`))
    .map((r) => ({ method: r.method, body: r.body, status: r.status }));

/** Index in the node's request log of the first categories PUT and of the first track start, from `from` on. */
const order = (h: Harness, from: number) => {
  const requests = h.node.requests.slice(from);
  return {
    put: requests.findIndex((r) => r.method === "PUT" && r.path.endsWith("/sponsorblock/categories")),
    track: requests.findIndex((r) => r.method === "PATCH" && r.body?.track?.encoded),
  };
};

describe("SponsorBlock plugin (production defaults)", () => {
  let h: Harness;
  let second: App | null = null;
  afterEach(async () => {
    await second?.stop();
    second = null;
    await h.stop();
  });

  it("sends the server's categories before the first track, and notes each skipped segment in the channel", async () => {
    h = await startHarness({
      lavalink: SPONSORBLOCK,
      guildSettings: { [ids.guild]: { sponsorBlockCategories: ["sponsor", "intro"] } },
    });
    await play(h, "never gonna give");
    const note = await h.discord.waitForMessage(ids.text, (m) => m.content.startsWith("⏭️"));
    expect(note.content).toBe("⏭️ Skipped a sponsor segment (0:30–1:05).");
    // The categories went out before the track was sent to the node (the plugin reads them when a track starts).
    const put = h.node.requests.findIndex((r) => r.method === "PUT" && r.path.endsWith("/sponsorblock/categories"));
    const firstTrack = h.node.requests.findIndex((r) => r.method === "PATCH" && r.body?.track?.encoded);
    expect(put).toBeGreaterThanOrEqual(0);
    expect(put).toBeLessThan(firstTrack);
    expect(categoryCalls(h)).toEqual([{ method: "PUT", body: ["sponsor", "intro"], status: 204 }]);
    expect(h.node.player(ids.guild)?.position).toBeGreaterThanOrEqual(65_000);
    // The outro was not chosen: no second note.
    await new Promise((r) => setTimeout(r, 100));
    expect(h.discord.messages(ids.text).filter((m) => m.content.startsWith("⏭️"))).toHaveLength(1);
  });

  it("changing the setting applies to the playing guild at once; bad categories are refused", async () => {
    h = await startHarness({ lavalink: SPONSORBLOCK });
    await play(h, "despacito");
    expect(categoryCalls(h)).toEqual([]);
    expect((await prefixReply(h, "ping")).content).toContain(", plugins: SponsorBlock");
    h.elapse(10_000);
    const all = await prefixReply(h, "settings set sponsorblock all", ids.admin);
    expect(all.content).toBe(
      "Set **sponsorblock** to sponsor, selfpromo, interaction, intro, outro, preview, music_offtopic, filler.",
    );
    await h.node.waitForRequest((r) => r.method === "PUT" && r.path.endsWith("/sponsorblock/categories"));
    h.elapse(10_000);
    await prefixReply(h, "settings set sponsorblock off", ids.admin);
    await h.node.waitForRequest((r) => r.method === "DELETE" && r.path.endsWith("/sponsorblock/categories"));
    expect(categoryCalls(h).map((c) => `${c.method} ${c.status}`)).toEqual(["PUT 204", "DELETE 204"]);
    h.elapse(10_000);
    const bad = await prefixReply(h, "settings set sponsorblock sponsor, ads", ids.admin);
    expect(bad.content).toBe(
      "Name SponsorBlock categories (sponsor, selfpromo, interaction, intro, outro, preview, music_offtopic, filler), or `all` or `off`.",
    );
    expect(categoryCalls(h)).toHaveLength(2);
  });

  it("a node that fails the categories call: playback goes on, the next player update tries once more, then a minute later", async () => {
    h = await startHarness({ lavalink: SPONSORBLOCK });
    await play(h, "despacito");
    const [session] = h.node.sessionIds();
    h.node.failNext(3, 500, `/v4/sessions/${session}/players/${ids.guild}/sponsorblock`);
    await prefixReply(h, "settings set sponsorblock sponsor", ids.admin);
    // Refused at once, tried again on the next player update (500 ms here), refused again: then it waits a minute.
    await h.node.waitForRequest((r) => r.method === "PUT" && r.status === 500);
    await expect.poll(() => categoryCalls(h).length, { timeout: 3000 }).toBe(2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(categoryCalls(h)).toEqual([
      { method: "PUT", body: ["sponsor"], status: 500 },
      { method: "PUT", body: ["sponsor"], status: 500 },
    ]);
    h.elapse(10_000);
    expect((await prefixReply(h, "play never gonna give")).content).toMatch(/^Queued \*\*Never Gonna Give You Up/);
    // A change is sent at once (the third refusal), and its retry on the next update goes through.
    h.elapse(10_000);
    await prefixReply(h, "settings set sponsorblock sponsor intro", ids.admin);
    await h.node.waitForRequest((r) => r.method === "PUT" && r.status === 204);
    expect(categoryCalls(h).map((c) => `${c.status} ${c.body.join(",")}`)).toEqual([
      "500 sponsor",
      "500 sponsor",
      "500 sponsor,intro",
      "204 sponsor,intro",
    ]);
    expect(h.logs.filter((l) => l.includes("could not set SponsorBlock categories"))).toHaveLength(3);
  });

  it("categories chosen while the guild has no player are sent when a player is created, before its first track", async () => {
    h = await startHarness({ lavalink: SPONSORBLOCK });
    expect(h.app.music.snapshot(ids.guild)).toBeNull();
    const set = await prefixReply(h, "settings set sponsorblock sponsor", ids.admin);
    expect(set.content).toBe("Set **sponsorblock** to sponsor.");
    // No player yet: nothing to tell the node.
    expect(categoryCalls(h)).toEqual([]);
    h.elapse(10_000);
    await play(h, "never gonna give");
    const note = await h.discord.waitForMessage(ids.text, (m) => m.content.startsWith("⏭️"));
    expect(note.content).toBe("⏭️ Skipped a sponsor segment (0:30–1:05).");
    const { put, track } = order(h, 0);
    expect(put).toBeGreaterThanOrEqual(0);
    expect(put).toBeLessThan(track);
    expect(categoryCalls(h)).toEqual([{ method: "PUT", body: ["sponsor"], status: 204 }]);
  });

  it("a player restored after a restart on a node that lost its session gets the categories before its track", async () => {
    h = await startHarness({
      lavalink: SPONSORBLOCK,
      guildSettings: { [ids.guild]: { sponsorBlockCategories: ["sponsor"] } },
    });
    await play(h, "never gonna give");
    await h.discord.waitForMessage(ids.text, (m) => m.content.startsWith("⏭️"));
    await h.app.stop();
    await h.node.restart(); // the node's sessions, and the categories they held, are gone
    const from = h.node.requests.length;
    const notes = h.discord.messages(ids.text).filter((m) => m.content.startsWith("⏭️")).length;
    const restartedAt = Date.now();
    second = await restartApp(h);
    await h.node.waitForRequest(
      (r) => r.method === "PATCH" && r.body?.track?.encoded && r.status === 200 && r.at >= restartedAt,
      8000,
    );
    const { put, track } = order(h, from);
    expect(put).toBeGreaterThanOrEqual(0);
    expect(put).toBeLessThan(track);
    expect(h.node.requests[from + put]?.body).toEqual(["sponsor"]);
    // The restored track's sponsor segment is skipped again.
    await h.discord.waitForMessage(
      ids.text,
      (m) =>
        m.content.startsWith("⏭️") &&
        h.discord.messages(ids.text).filter((x) => x.content.startsWith("⏭️")).length > notes,
    );
  });

  it("a player created while its node has no session yet gets the categories once the session exists, before its first track", async () => {
    h = await startHarness({
      start: false,
      // Like real Lavalink: no playerUpdate when the player's voice connects, only once a track plays.
      lavalink: { ...SPONSORBLOCK, playerUpdateOnVoice: false },
      guildSettings: { [ids.guild]: { sponsorBlockCategories: ["sponsor"] } },
    });
    // Encore starts while the node takes a while to give the new connection its session.
    h.node.delayReady(1500);
    await h.app.start();
    const node = () => h.app.lavalink.nodeManager.nodes.get("main");
    await waitUntil(() => Boolean(node()?.connected && node()?.info), 5000, "the node's socket and /v4/info");
    expect(node()?.sessionId ?? null).toBeNull();
    // A player bound to the node before its session exists (through Encore's own Lavalink manager).
    h.app.lavalink.createPlayer({
      guildId: ids.guild,
      voiceChannelId: ids.voice,
      textChannelId: ids.text,
      node: "main",
    });
    await waitUntil(() => Boolean(node()?.sessionId), 5000, "the node's session");
    const from = h.node.requests.length;
    h.elapse(10_000);
    await play(h, "never gonna give");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded && r.status === 200, 8000);
    // The categories went out before the first track (before this request window, or in it ahead of the track).
    const puts = categoryCalls(h).filter((c) => c.method === "PUT" && c.status === 204);
    expect(puts.map((c) => c.body)).toEqual([["sponsor"]]);
    const putAt = h.node.requests.findIndex((r) => r.method === "PUT" && r.path.endsWith("/sponsorblock/categories"));
    const trackAt = from + order(h, from).track;
    expect(putAt).toBeLessThan(trackAt);
    const note = await h.discord.waitForMessage(ids.text, (m) => m.content.startsWith("⏭️"));
    expect(note.content).toBe("⏭️ Skipped a sponsor segment (0:30–1:05).");
  });

  it("a node without the plugin is never asked, and plays as usual", async () => {
    h = await startHarness({
      lavalink: { segments: SPONSORBLOCK.segments },
      guildSettings: { [ids.guild]: { sponsorBlockCategories: ["sponsor"] } },
    });
    await play(h, "never gonna give");
    await waitPlaying(h, "Never Gonna");
    await new Promise((r) => setTimeout(r, 700));
    expect(categoryCalls(h)).toEqual([]);
    expect(h.discord.messages(ids.text).filter((m) => m.content.startsWith("⏭️"))).toEqual([]);
  });
});
