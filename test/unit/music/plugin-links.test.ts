import { describe, expect, it } from "vitest";
import { pluginLinkOf, spotifyUriToLink } from "../../../src/music/plugin-links.ts";
import { parseQuery } from "../../../src/music/query.ts";

describe("links only a plugin (LavaSrc) loads", () => {
  it.each([
    ["https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", "spotify", "track"],
    ["https://open.spotify.com/intl-de/track/4uLU6hMCjMI75M1A2tKUQC?si=x", "spotify", "track"],
    ["https://open.spotify.com/album/6R0ynY7RF20ofs9GJR5TXR", "spotify", "album"],
    ["https://open.spotify.com/user/someone/playlist/37i9dQZF1DX0XUsuxWHRQd", "spotify", "playlist"],
    ["https://open.spotify.com/artist/3ZztVuWxHzNpl0THurTFCv", "spotify", "artist"],
    ["https://spotify.link/abcDEF123", "spotify", "link"],
    ["https://music.apple.com/cy/album/animals/1533388849?i=1533388859", "applemusic", "album"],
    [
      "https://music.apple.com/us/playlist/architects-essentials/pl.40e568c609ae4b1eba58b6e89f4cd6a5",
      "applemusic",
      "playlist",
    ],
    ["https://music.apple.com/us/song/animals/1533388859", "applemusic", "track"],
    ["https://www.deezer.com/track/1090538082", "deezer", "track"],
    ["https://www.deezer.com/en/album/175537082", "deezer", "album"],
    ["https://deezer.page.link/U6BTQ2Q1KpmNt2yh8", "deezer", "link"],
    ["https://link.deezer.com/s/30ABCdef", "deezer", "link"],
  ])("%s needs %s (%s)", (link, manager, kind) => {
    expect(pluginLinkOf(link)).toMatchObject({ manager, kind });
  });

  it("pages the plugin does not load are recognised but have no kind", () => {
    expect(pluginLinkOf("https://open.spotify.com/episode/abc")).toMatchObject({ manager: "spotify", kind: null });
    expect(pluginLinkOf("https://www.deezer.com/en/")).toMatchObject({ manager: "deezer", kind: null });
  });

  it("other links are ordinary links", () => {
    expect(pluginLinkOf("https://www.youtube.com/watch?v=dQw4w9WgXcQ")).toBeNull();
    expect(pluginLinkOf("https://open.spotify.com.evil.example/track/x")).toBeNull();
    expect(pluginLinkOf("not a link")).toBeNull();
  });

  it("spotify:<kind>:<id> URIs become the open.spotify.com link; other spotify: text stays a search", () => {
    expect(spotifyUriToLink("spotify:track:4uLU6hMCjMI75M1A2tKUQC")).toBe(
      "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
    );
    expect(parseQuery("spotify:playlist:37i9dQZF1DX0XUsuxWHRQd")).toEqual({
      kind: "link",
      text: "https://open.spotify.com/playlist/37i9dQZF1DX0XUsuxWHRQd",
    });
    expect(parseQuery("spotify:midnight city")).toEqual({ kind: "search", source: "spsearch", text: "midnight city" });
    expect(spotifyUriToLink("spotify:track:short")).toBeNull();
  });
});
