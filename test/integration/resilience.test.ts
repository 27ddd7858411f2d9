import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";

const STRING = 3;
const play = (h: Harness, value: string, userId: string = ids.alice) =>
  h.discord.sendSlash({
    guildId: ids.guild,
    channelId: ids.text,
    userId,
    name: "play",
    options: [{ name: "query", type: STRING, value }] as never,
  });

const nowPlaying = (h: Harness) =>
  h.discord
    .sendSlash({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, name: "nowplaying" })
    .waitForResponse(3000);

describe("music nodes unavailable", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("answers within 1 s while the node is down, stays alive, and plays again once it is back", async () => {
    h = await startHarness();
    await h.node.kill();
    // The app notices the dead socket; every music command now fails fast.
    const start = Date.now();
    const reply = await play(h, "despacito").waitForResponse(3000);
    const elapsed = Date.now() - start;
    expect(reply.content).toMatch(/music nodes are unavailable, retrying/i);
    expect(elapsed).toBeLessThan(1000);
    expect(h.discord.received.some((f) => f.op === 4)).toBe(false);

    const again = await play(h, "despacito").waitForResponse(3000);
    expect(again.content).toMatch(/unavailable/i);

    await h.node.restart();
    await h.node.waitForConnection(5000);
    await expect.poll(() => h.app.music.nodesAvailable(), { timeout: 5000 }).toBe(true);
    const ok = await play(h, "despacito").waitForResponse(5000);
    expect(ok.content).toContain("Despacito");
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
  });

  it("/nowplaying does not show a track as playing while every node is down", async () => {
    h = await startHarness();
    const first = await play(h, "despacito").waitForResponse(3000);
    expect(first.content).toMatch(/^Now playing \*\*Despacito\*\*/);
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
    h.elapse(10_000);
    const playing = await nowPlaying(h);
    expect(playing.embeds[0]?.description ?? JSON.stringify(playing.embeds)).toContain("Despacito");
    await h.node.kill();
    await waitUntil(() => !h.app.music.nodesAvailable(), 5000, "the node to be seen as gone");
    h.elapse(10_000);
    const down = await nowPlaying(h);
    expect(down.content).toBe(
      "The music node is unavailable, reconnecting… **Despacito** by Luis Fonsi continues once it is back.",
    );
    expect(down.embeds).toEqual([]);
    expect(down.components).toEqual([]);
  });

  it("opens after repeated node failures and recovers through a half-open probe", async () => {
    h = await startHarness({ env: { BREAKER_FAILURE_THRESHOLD: "2", BREAKER_COOLDOWN_MS: "400" } });
    h.node.failNext(2, 500, "/v4/loadtracks");
    const first = await play(h, "despacito").waitForResponse(3000);
    const second = await play(h, "bohemian").waitForResponse(3000);
    // The first two failures are node failures (answered as such); the breaker is now open.
    expect(first.content).toMatch(/music node couldn't do that just now/i);
    expect(second.content).toMatch(/music node couldn't do that just now/i);
    const loadsBefore = h.node.requests.filter((r) => r.path === "/v4/loadtracks").length;
    const fast = await play(h, "nirvana").waitForResponse(3000);
    expect(fast.content).toMatch(/unavailable/i);
    expect(h.node.requests.filter((r) => r.path === "/v4/loadtracks").length).toBe(loadsBefore);
    // After the cool-down one probe goes through; it succeeds and closes the breaker.
    await expect
      .poll(async () => (await play(h, "nirvana").waitForResponse(3000)).content, { timeout: 5000, interval: 150 })
      .toContain("Smells Like Teen Spirit");
  });
});

describe("interaction deadline", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("defers a slow command before Discord's 3-second deadline and then edits the answer in", async () => {
    h = await startHarness();
    await play(h, "despacito").waitForResponse(5000);
    await h.node.waitForRequest((r) => r.method === "PATCH" && r.body?.track?.encoded);
    h.node.setLatency(2600);
    const pause = h.discord.sendSlash({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, name: "pause" });
    const reply = await pause.waitForResponse(10_000, (r) => r.content === "Paused.");
    // pause has no explicit defer: the responder deferred on its own (type 5) and the fake accepted it in time.
    expect(pause.callbacks[0]?.type).toBe(5);
    expect(reply.deferred).toBe(true);
    expect(h.node.player(ids.guild)?.paused).toBe(true);
    h.node.setLatency(0);
  });
});

describe("Discord connection trouble", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("resumes the gateway session after a drop and keeps answering; a 429 on a reply is waited out", async () => {
    h = await startHarness();
    await play(h, "despacito").waitForResponse(5000);
    h.discord.dropGateway(4000);
    await h.discord.waitForGateway((f) => f.op === 6, 5000);
    const np = await h.discord
      .sendSlash({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, name: "nowplaying" })
      .waitForResponse(5000);
    expect(JSON.stringify(np.embeds)).toContain("Despacito");

    h.discord.rateLimitNext("/interactions/", 0.2);
    const pong = await h.discord
      .sendSlash({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, name: "ping" })
      .waitForResponse(5000);
    expect(pong.content).toMatch(/^Pong!/);
    const callbacks = h.discord.rest.filter((r) => r.path.startsWith("/interactions/") && r.path.endsWith("/callback"));
    expect(callbacks.some((r) => r.status === 429)).toBe(true);
  });
});
