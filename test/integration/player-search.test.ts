import { afterEach, describe, expect, it } from "vitest";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { click, play, prefixReply, slashReply, waitPlaying } from "../helpers/player-driver.ts";

describe("finding music", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("search offers a select menu of results; picking queues them and replaces the menu", async () => {
    h = await startHarness();
    const offer = await prefixReply(h, "search a");
    expect(offer.content).toBe("Pick what to queue (results from YouTube):");
    const menu = offer.components[0].components[0];
    expect(menu.type).toBe(3);
    expect(menu.options.length).toBeGreaterThan(2);
    expect(menu.options.length).toBeLessThanOrEqual(10);
    expect(menu.options[0]).toMatchObject({ value: "0", description: expect.stringMatching(/ · \d+:\d\d$/) });
    const titles = menu.options.map((o: { label: string }) => o.label);
    expect(titles.some((t: string) => t.includes("Never Gonna Give You Up"))).toBe(true);
    const stranger = click(h, offer.id, menu.custom_id, ids.erin, ["0"]);
    expect((await stranger.waitForResponse()).content).toBe(
      "Only the member who searched can pick from these results.",
    );
    const picked = click(h, offer.id, menu.custom_id, ids.alice, ["0", "2"]);
    const res = await picked.waitForResponse();
    expect(picked.callbacks[0]?.type).toBe(7);
    expect(res.content).toMatch(/^Queued \*\*2\*\* tracks/);
    expect(res.components).toEqual([]);
    const first = menu.options[0].label.replace(/^1\. /, "");
    await waitPlaying(h, first.slice(0, 10));
    expect(h.app.music.snapshot(ids.guild)?.upcoming).toHaveLength(1);
  });

  it("falls back to the next configured source and says which one answered", async () => {
    h = await startHarness();
    const reply = await slashReply(h, "play", ids.alice, { query: "ocean waves" });
    expect(reply.content).toBe(
      "Now playing **Ocean Waves** by Nature Sounds (4:00).\nFound on SoundCloud (YouTube found nothing).",
    );
    const tried = h.node.requests.filter((r) => r.path === "/v4/loadtracks").map((r) => r.query.identifier);
    expect(tried).toEqual(["ytsearch:ocean waves", "ytmsearch:ocean waves", "scsearch:ocean waves"]);
  });

  it("the fallback note gives the node's own reason, escaped so it cannot ping or format", async () => {
    h = await startHarness({
      lavalink: {
        loadErrors: {
          "ytsearch:ocean waves": {
            message: "Sign in to confirm you're not a bot @everyone **now**",
            severity: "common",
          },
        },
      },
    });
    const reply = await slashReply(h, "play", ids.alice, { query: "ocean waves" });
    expect(reply.content).toBe(
      "Now playing **Ocean Waves** by Nature Sounds (4:00).\nFound on SoundCloud (YouTube failed: Sign in to confirm you're not a bot @\u200beveryone \\*\\*now\\*\\*).",
    );
  });

  it("source prefixes pick the source", async () => {
    h = await startHarness();
    await slashReply(h, "play", ids.alice, { query: "sc:ocean waves" });
    await prefixReply(h, "play ytm:despacito");
    const tried = h.node.requests.filter((r) => r.path === "/v4/loadtracks").map((r) => r.query.identifier);
    expect(tried).toEqual(["scsearch:ocean waves", "ytmsearch:despacito"]);
  });

  it("load errors are answered with the node's reason", async () => {
    const url = "https://www.youtube.com/watch?v=blocked0001";
    h = await startHarness({
      lavalink: {
        loadErrors: { [url]: { message: "This video is unavailable in the node's region", severity: "common" } },
      },
    });
    const reply = await slashReply(h, "play", ids.alice, { query: url });
    expect(reply.content).toBe("The music node couldn't load that: This video is unavailable in the node's region");
  });

  it("playlists are queued up to the configured cap", async () => {
    h = await startHarness({ env: { MAX_PLAYLIST_TRACKS: "2" } });
    const reply = await slashReply(h, "play", ids.alice, { query: "https://www.youtube.com/playlist?list=PLclassics" });
    expect(reply.content).toBe(
      "Queued **2** tracks from Classics (9:27).\n1 tracks were left out: the queue or playlist limit was reached.",
    );
    await waitPlaying(h, "Never Gonna");
    expect(h.app.music.snapshot(ids.guild)?.upcoming.map((t) => t.title)).toEqual(["Bohemian Rhapsody"]);
  });

  it("fair queue interleaves requesters round-robin", async () => {
    h = await startHarness({ guildSettings: { [ids.guild]: { fairQueue: true } } });
    await play(h, "never gonna give", ids.alice);
    await play(h, "despacito", ids.alice);
    await play(h, "bohemian", ids.alice);
    await play(h, "teen spirit", ids.erin);
    await play(h, "ocean waves", ids.frank);
    const order = h.app.music.snapshot(ids.guild)?.upcoming.map((t) => `${t.requester?.username}:${t.title}`);
    expect(order).toEqual([
      "erin:Smells Like Teen Spirit",
      "frank:Ocean Waves",
      "alice:Despacito",
      "alice:Bohemian Rhapsody",
    ]);
  });
});
