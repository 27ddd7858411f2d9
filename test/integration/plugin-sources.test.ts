import { afterEach, describe, expect, it } from "vitest";
import { FakeLavalink, type FakeLavalinkOptions, type FakeTrackSpec } from "../fakes/lavalink/index.ts";
import { catalog, ids, playlists } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { prefixReply, slashReply, waitPlaying } from "../helpers/player-driver.ts";

/** Tracks as LavaSrc resolves them: the streaming service's metadata (and ISRC), played from a mirror. */
const lavaSrcTracks: FakeTrackSpec[] = [
  {
    identifier: "4uLU6hMCjMI75M1A2tKUQC",
    title: "Midnight City",
    author: "M83",
    length: 243_000,
    uri: "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
    sourceName: "spotify",
    isrc: "FR6V81141061",
  },
  {
    identifier: "6rqhFgbbKwnb9MLmUQDhG6",
    title: "Wait",
    author: "M83",
    length: 342_000,
    uri: "https://open.spotify.com/track/6rqhFgbbKwnb9MLmUQDhG6",
    sourceName: "spotify",
    isrc: "FR6V81141062",
  },
  {
    identifier: "1533388859",
    title: "Animals",
    author: "Architects",
    length: 244_000,
    uri: "https://music.apple.com/cy/album/animals/1533388849?i=1533388859",
    sourceName: "applemusic",
  },
  {
    identifier: "1090538082",
    title: "Doomsday",
    author: "Architects",
    length: 249_000,
    uri: "https://www.deezer.com/track/1090538082",
    sourceName: "deezer",
  },
];

const LAVASRC: FakeLavalinkOptions = {
  sourceManagers: ["youtube", "soundcloud", "http", "spotify", "applemusic", "deezer"],
  plugins: [
    { name: "youtube-plugin", version: "1.13.3" },
    { name: "lavasrc-plugin", version: "4.8.1" },
  ],
  catalog: [...catalog, ...lavaSrcTracks],
  playlists: [
    ...playlists,
    {
      url: "https://open.spotify.com/album/6R0ynY7RF20ofs9GJR5TXR",
      name: "Hurry Up, We're Dreaming",
      trackIds: ["4uLU6hMCjMI75M1A2tKUQC", "6rqhFgbbKwnb9MLmUQDhG6"],
      lavaSrcType: "album",
    },
    {
      url: "https://www.deezer.com/playlist/8164349742",
      name: "Architects Essentials",
      trackIds: ["1090538082"],
      lavaSrcType: "playlist",
    },
  ],
  shortLinks: { "https://deezer.page.link/U6BTQ2Q1KpmNt2yh8": "https://www.deezer.com/track/1090538082" },
};

const loads = (node: FakeLavalink) =>
  node.requests.filter((r) => r.path === "/v4/loadtracks").map((r) => r.query.identifier);

describe("LavaSrc sources (production defaults)", () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it("Spotify, Apple Music and Deezer links (tracks, albums, playlists, short links) go to the node as links", async () => {
    h = await startHarness({ lavalink: LAVASRC });
    const track = await slashReply(h, "play", ids.alice, {
      query: "https://open.spotify.com/intl-de/track/4uLU6hMCjMI75M1A2tKUQC?si=abc",
    });
    expect(track.content).toBe("Now playing **Midnight City** by M83 (4:03).");
    await waitPlaying(h, "Midnight City");
    h.elapse(10_000);
    const album = await slashReply(h, "play", ids.alice, {
      query: "https://open.spotify.com/album/6R0ynY7RF20ofs9GJR5TXR",
    });
    expect(album.content).toBe("Queued **2** tracks from Hurry Up, We're Dreaming (9:45).");
    h.elapse(10_000);
    const uri = await prefixReply(h, "play spotify:track:6rqhFgbbKwnb9MLmUQDhG6");
    expect(uri.content).toBe("Queued **Wait** by M83 (5:42) at position 3.");
    h.elapse(10_000);
    const apple = await slashReply(h, "play", ids.alice, {
      query: "https://music.apple.com/cy/album/animals/1533388849?i=1533388859",
    });
    expect(apple.content).toBe("Queued **Animals** by Architects (4:04) at position 4.");
    h.elapse(10_000);
    const deezer = await slashReply(h, "play", ids.alice, { query: "https://deezer.page.link/U6BTQ2Q1KpmNt2yh8" });
    expect(deezer.content).toBe("Queued **Doomsday** by Architects (4:09) at position 5.");
    h.elapse(10_000);
    const list = await slashReply(h, "play", ids.alice, { query: "https://www.deezer.com/en/playlist/8164349742" });
    expect(list.content).toBe("Queued **1** tracks from Architects Essentials (4:09).");
    expect(loads(h.node)).toEqual([
      "https://open.spotify.com/intl-de/track/4uLU6hMCjMI75M1A2tKUQC?si=abc",
      "https://open.spotify.com/album/6R0ynY7RF20ofs9GJR5TXR",
      "https://open.spotify.com/track/6rqhFgbbKwnb9MLmUQDhG6",
      "https://music.apple.com/cy/album/animals/1533388849?i=1533388859",
      "https://deezer.page.link/U6BTQ2Q1KpmNt2yh8",
      "https://www.deezer.com/en/playlist/8164349742",
    ]);
    // The queue keeps the streaming service's own links (what `grab`, export and history show).
    expect(h.app.music.snapshot(ids.guild)?.upcoming.map((t) => t.uri)).toContain(
      "https://open.spotify.com/track/6rqhFgbbKwnb9MLmUQDhG6",
    );
  });

  it("spsearch, amsearch and dzsearch: by prefix, as DEFAULT_SEARCH_SOURCE and as the server's default source", async () => {
    h = await startHarness({ lavalink: LAVASRC, env: { DEFAULT_SEARCH_SOURCE: "spsearch" } });
    expect((await slashReply(h, "play", ids.alice, { query: "midnight city" })).content).toBe(
      "Now playing **Midnight City** by M83 (4:03).",
    );
    h.elapse(10_000);
    expect((await slashReply(h, "play", ids.alice, { query: "dz:doomsday" })).content).toBe(
      "Queued **Doomsday** by Architects (4:09) at position 1.",
    );
    h.elapse(10_000);
    const set = await prefixReply(h, "settings set default-source am", ids.admin);
    expect(set.content).toBe("Set **default-source** to amsearch.");
    h.elapse(10_000);
    expect((await slashReply(h, "play", ids.alice, { query: "animals architects" })).content).toBe(
      "Queued **Animals** by Architects (4:04) at position 2.",
    );
    expect(loads(h.node)).toEqual(["spsearch:midnight city", "dzsearch:doomsday", "amsearch:animals architects"]);
    h.elapse(10_000);
    expect((await slashReply(h, "ping")).content).toContain(
      "search: Spotify, plugins: Spotify, Apple Music, Deezer (LavaSrc)",
    );
    // …and the node check at connect logs it for the operator.
    const checked = h.logs.map((l) => JSON.parse(l)).find((l) => l.msg === "lavalink node checked");
    expect(checked?.plugins).toEqual(["Spotify, Apple Music, Deezer (LavaSrc)"]);
  });

  it("without LavaSrc, Spotify, Apple Music and Deezer links and searches are refused clearly, without asking the node", async () => {
    h = await startHarness({ lavalink: { catalog: [...catalog, ...lavaSrcTracks] } });
    const spotify = await slashReply(h, "play", ids.alice, {
      query: "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
    });
    expect(spotify.content).toBe(
      "No music node here can play Spotify links; ask the server owner to enable the LavaSrc plugin with Spotify turned on.",
    );
    h.elapse(10_000);
    const uri = await prefixReply(h, "play spotify:album:6R0ynY7RF20ofs9GJR5TXR");
    expect(uri.content).toContain("No music node here can play Spotify links");
    h.elapse(10_000);
    const apple = await slashReply(h, "play", ids.alice, {
      query: "https://music.apple.com/us/playlist/architects-essentials/pl.40e568c609ae4b1eba58b6e89f4cd6a5",
    });
    expect(apple.content).toContain("No music node here can play Apple Music links");
    h.elapse(10_000);
    const search = await slashReply(h, "play", ids.alice, { query: "dzsearch:doomsday" });
    expect(search.content).toBe(
      "No music node here can search Deezer; ask the server owner to enable the LavaSrc plugin with Deezer turned on.",
    );
    h.elapse(10_000);
    const podcast = await slashReply(h, "play", ids.alice, { query: "https://open.spotify.com/episode/abc" });
    expect(podcast.content).toBe("That Spotify link can't be played: only tracks, albums, playlists and artists can.");
    expect(loads(h.node)).toEqual([]);
  });

  it("a Spotify track whose mirror can't be found is announced with the node's reason and the queue moves on", async () => {
    h = await startHarness({ lavalink: LAVASRC });
    await slashReply(h, "play", ids.alice, { query: "https://open.spotify.com/album/6R0ynY7RF20ofs9GJR5TXR" });
    await waitPlaying(h, "Midnight City");
    h.node.failTrack(ids.guild, "No matching track found on the mirror providers");
    const note = await h.discord.waitForMessage(ids.text, (m) => m.content.startsWith("Couldn't play"));
    expect(note.content).toBe(
      "Couldn't play **Midnight City** by M83: No matching track found on the mirror providers. Skipping it.",
    );
    await waitPlaying(h, "Wait");
  });

  it("a Spotify link goes to the node that has LavaSrc, other links to any node", async () => {
    const lavaSrcNode = await FakeLavalink.start(LAVASRC);
    try {
      h = await startHarness({ lavalink: { catalog, sourceManagers: ["youtube", "http"] }, extraNodes: [lavaSrcNode] });
      await lavaSrcNode.waitForConnection(5000);
      await waitUntil(() => h.app.lavalink.nodeManager.nodes.get("node2")?.info != null, 5000, "node2 described");
      const reply = await slashReply(h, "play", ids.alice, {
        query: "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
      });
      expect(reply.content).toBe("Now playing **Midnight City** by M83 (4:03).");
      expect(loads(lavaSrcNode)).toEqual(["https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC"]);
      expect(loads(h.node)).toEqual([]);
    } finally {
      await lavaSrcNode.stop();
    }
  });
});
