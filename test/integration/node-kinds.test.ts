import { afterEach, describe, expect, it } from "vitest";
import { FakeLavalink, type FakeLavalinkOptions, type FakeTrackSpec } from "../fakes/lavalink/index.ts";
import { catalog, ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { slashReply, waitPlaying } from "../helpers/player-driver.ts";

/** A direct audio link (the http source) and LavaSrc tracks, besides the usual YouTube and SoundCloud ones. */
const extra: FakeTrackSpec[] = [
  {
    identifier: "https://cdn.example.org/music/sunrise.mp3",
    title: "Sunrise",
    author: "cdn.example.org",
    length: 200_000,
    uri: "https://cdn.example.org/music/sunrise.mp3",
    sourceName: "http",
  },
  {
    identifier: "sp0000000000000000001",
    title: "Midnight City",
    author: "M83",
    length: 243_000,
    uri: "https://open.spotify.com/track/sp0000000000000000001",
    sourceName: "spotify",
  },
];
const LINK = "https://cdn.example.org/music/sunrise.mp3";

const loads = (h: Harness) => h.node.requests.filter((r) => r.path === "/v4/loadtracks").map((r) => r.query.identifier);

async function readyz(h: Harness): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${h.app.httpPort()}/readyz`);
  return { status: res.status, body: await res.json() };
}

async function boot(lavalink: FakeLavalinkOptions): Promise<Harness> {
  return startHarness({ lavalink: { catalog: [...catalog, ...extra], ...lavalink } });
}

describe("any Lavalink-v4-compatible node (production defaults)", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it.each([
    [
      "stock Lavalink 4 without the YouTube plugin",
      ["soundcloud", "bandcamp", "twitch", "vimeo", "nico", "http", "local"],
    ],
    ["a node with only soundcloud and http", ["soundcloud", "http"]],
  ])("%s plays links as links and searches SoundCloud, saying why", async (_kind, sourceManagers) => {
    h = await boot({ sourceManagers });
    const link = await slashReply(h, "play", ids.alice, { query: LINK });
    expect(link.content).toBe("Now playing **Sunrise** by cdn.example.org (3:20).");
    await waitPlaying(h, "Sunrise");
    h.elapse(10_000);
    const search = await slashReply(h, "play", ids.alice, { query: "ocean waves" });
    expect(search.content).toBe(
      "Queued **Ocean Waves** by Nature Sounds (4:00) at position 1.\nFound on SoundCloud (the music node has no YouTube source).",
    );
    // The link went out as it was; the search only to a source the node advertises.
    expect(loads(h)).toEqual([LINK, "scsearch:ocean waves"]);
    h.elapse(10_000);
    const ping = await slashReply(h, "ping");
    expect(ping.content).toContain("main: up");
    expect(ping.content).toContain("Lavalink 4.2.2, links ✓, search: SoundCloud");
    expect(ping.content).toContain("searches use SoundCloud: the node has no YouTube source");
    expect(ping.content).not.toContain("⚠");
    expect(await readyz(h)).toMatchObject({ status: 200, body: { checks: { lavalink: true } } });
  });

  it("a node with plugins (youtube-plugin, LavaSrc) serves their search prefixes", async () => {
    h = await boot({
      sourceManagers: ["youtube", "soundcloud", "http", "spotify", "applemusic", "deezer"],
      plugins: [
        { name: "youtube-plugin", version: "1.13.3" },
        { name: "lavasrc-plugin", version: "4.8.1" },
      ],
    });
    expect((await slashReply(h, "play", ids.alice, { query: "sp:midnight city" })).content).toBe(
      "Now playing **Midnight City** by M83 (4:03).",
    );
    h.elapse(10_000);
    expect((await slashReply(h, "play", ids.alice, { query: "never gonna" })).content).toMatch(
      /^Queued \*\*Never Gonna Give You Up\*\* by Rick Astley \(3:32\) at position 1\.$/,
    );
    h.elapse(10_000);
    // Apple Music is advertised: the node is asked (and has nothing).
    expect((await slashReply(h, "play", ids.alice, { query: "amsearch:nothing here" })).content).toBe(
      "I couldn't find anything for that.",
    );
    expect(loads(h)).toEqual(["spsearch:midnight city", "ytsearch:never gonna", "amsearch:nothing here"]);
    expect(await readyz(h)).toMatchObject({ status: 200 });
  });

  it("a plugin source the node does not have is answered without asking the node", async () => {
    h = await boot({ sourceManagers: ["youtube", "soundcloud", "http"] });
    const reply = await slashReply(h, "play", ids.alice, { query: "spotify:midnight city" });
    expect(reply.content).toBe(
      "No music node here can search Spotify; ask the server owner to enable the LavaSrc plugin with Spotify turned on.",
    );
    expect(loads(h)).toEqual([]);
  });

  it("NodeLink is judged by its own rules: string version numbers, no Lavalink minimum", async () => {
    h = await boot({ nodeLink: true, version: "3.0.1", sourceManagers: ["youtube", "soundcloud", "http", "local"] });
    expect((await slashReply(h, "play", ids.alice, { query: LINK })).content).toMatch(/^Now playing \*\*Sunrise\*\*/);
    await waitPlaying(h, "Sunrise");
    h.elapse(10_000);
    expect((await slashReply(h, "play", ids.alice, { query: "despacito" })).content).toMatch(
      /^Queued \*\*Despacito\*\*/,
    );
    h.elapse(10_000);
    const ping = await slashReply(h, "ping");
    expect(ping.content).toContain("NodeLink 3.0.1, links ✓, search: YouTube");
    expect(ping.content).not.toContain("⚠");
    expect(h.logs.join("\n")).not.toContain("too old");
    expect(await readyz(h)).toMatchObject({ status: 200, body: { checks: { lavalink: true } } });
  });

  it("an old Lavalink is reported in /ping and makes /readyz fail", async () => {
    h = await boot({ version: "4.0.8" });
    const ping = await slashReply(h, "ping");
    expect(ping.content).toContain("⚠ Lavalink 4.0.8 is too old");
    expect(await readyz(h)).toMatchObject({ status: 503, body: { checks: { lavalink: false } } });
  });

  it("a node that cannot search is not ready, and says so", async () => {
    h = await boot({ sourceManagers: ["http"] });
    const ping = await slashReply(h, "ping");
    expect(ping.content).toContain("links ✓, search ✗");
    expect(ping.content).toContain("⚠ the node has no search source");
    expect(await readyz(h)).toMatchObject({ status: 503, body: { checks: { lavalink: false } } });
    // Links still play.
    expect((await slashReply(h, "play", ids.alice, { query: LINK })).content).toMatch(/^Now playing \*\*Sunrise\*\*/);
  });

  it("a node that refuses resumable sessions is not trusted at shutdown: players leave voice and are destroyed", async () => {
    h = await boot({ resumable: false });
    expect((await slashReply(h, "play", ids.alice, { query: "despacito" })).content).toMatch(/^Now playing/);
    await waitPlaying(h, "Despacito");
    const sessionId = h.node.sessionIds()[0];
    const refused = await h.node.waitForRequest((r) => r.method === "PATCH" && r.path === `/v4/sessions/${sessionId}`);
    expect(refused.status).toBe(404);
    await h.app.stop();
    expect(
      h.node.requests.some((r) => r.method === "DELETE" && r.path === `/v4/sessions/${sessionId}/players/${ids.guild}`),
    ).toBe(true);
    expect(h.discord.received.some((f) => f.op === 4 && f.d.guild_id === ids.guild && f.d.channel_id === null)).toBe(
      true,
    );
    expect(h.logs.join("\n")).toContain("the node refused a resumable session");
  });

  it("with nodes of different kinds, each search goes to a node that has its source", async () => {
    const youtubeNode = await FakeLavalink.start({ catalog, sourceManagers: ["youtube", "http"] });
    try {
      h = await startHarness({ lavalink: { sourceManagers: ["soundcloud", "http"] }, extraNodes: [youtubeNode] });
      await youtubeNode.waitForConnection(5000);
      await waitUntil(() => h.app.lavalink.nodeManager.nodes.get("node2")?.info != null, 5000, "node2 described");
      const reply = await slashReply(h, "play", ids.alice, { query: "ytsearch:despacito" });
      expect(reply.content).toMatch(/^Now playing \*\*Despacito\*\*/);
      h.elapse(10_000);
      const sc = await slashReply(h, "play", ids.alice, { query: "sc:ocean waves" });
      expect(sc.content).toMatch(/Ocean Waves/);
      const idsOn = (n: FakeLavalink) =>
        n.requests.filter((r) => r.path === "/v4/loadtracks").map((r) => r.query.identifier);
      expect(idsOn(youtubeNode)).toEqual(["ytsearch:despacito"]);
      expect(idsOn(h.node)).toEqual(["scsearch:ocean waves"]);
    } finally {
      await youtubeNode.stop();
    }
  });
});
