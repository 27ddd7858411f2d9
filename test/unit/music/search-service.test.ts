import type { Track } from "lavalink-client";
import { describe, expect, it } from "vitest";
import { TtlCache } from "../../../src/core/cache.ts";
import { UserError } from "../../../src/core/errors.ts";
import { createLogger } from "../../../src/core/logger.ts";
import { SingleFlight } from "../../../src/core/single-flight.ts";
import { english, say } from "../../../src/i18n/translate.ts";
import type { NodeLoadResult } from "../../../src/music/node-load.ts";
import { NodeSources } from "../../../src/music/node-sources.ts";
import { type LoadedTracks, SearchService } from "../../../src/music/search.ts";
import type { HostResolver } from "../../../src/music/url-guard.ts";

const track = (title: string) => ({ info: { title } }) as unknown as Track;
const found = (title: string): NodeLoadResult => ({
  loadType: "search",
  tracks: [track(title)],
  playlistName: null,
  errorMessage: null,
});
const empty: NodeLoadResult = { loadType: "empty", tracks: [], playlistName: null, errorMessage: null };
const failed = (message: string): NodeLoadResult => ({
  loadType: "error",
  tracks: [],
  playlistName: null,
  errorMessage: message,
});

const publicDns: HostResolver = async () => [{ address: "93.184.216.34", family: 4 }];

/** A search service over a scripted node: `answers` by identifier, `sources` as the node advertises them. */
function service(sources: string[], answers: Record<string, NodeLoadResult>) {
  const asked: string[] = [];
  const search = new SearchService(
    { defaultSource: "ytsearch", fallbackSources: ["ytmsearch", "scsearch"], allowPrivateUrls: false },
    {
      cache: new TtlCache<string, LoadedTracks>({ name: "t", max: 100, ttlMs: 60_000 }),
      flights: new SingleFlight(),
      resolve: publicDns,
      logger: createLogger({ level: "silent" }),
      loader: {
        capabilities: () => new NodeSources({ sourceManagers: sources }),
        load: async (text, source) => {
          const id = source ? `${source}:${text}` : text;
          asked.push(id);
          return answers[id] ?? empty;
        },
      },
    },
  );
  return { search, asked };
}

describe("SearchService source choice", () => {
  it("the first configured source answers: no note", async () => {
    const { search, asked } = service(["youtube", "soundcloud"], { "ytsearch:a": found("A") });
    const r = await search.load("a");
    expect([r.source, r.fellBackFrom ?? null, asked]).toEqual(["ytsearch", null, ["ytsearch:a"]]);
  });

  it("skips sources the node does not advertise and says so", async () => {
    const { search, asked } = service(["soundcloud", "http"], { "scsearch:a": found("A") });
    const r = await search.load("a");
    expect(asked).toEqual(["scsearch:a"]);
    expect(r).toMatchObject({ source: "scsearch", fellBackFrom: "ytsearch" });
    expect(r.fallbackReason && say(english, r.fallbackReason)).toBe("the music node has no YouTube source");
  });

  it("gives the node's own message when the first source failed", async () => {
    const { search, asked } = service(["youtube", "soundcloud"], {
      "ytsearch:a": failed("Please sign in"),
      "scsearch:a": found("A"),
    });
    const r = await search.load("a");
    expect(asked).toEqual(["ytsearch:a", "ytmsearch:a", "scsearch:a"]);
    expect(r.fallbackReason && say(english, r.fallbackReason)).toBe("YouTube failed: Please sign in");
  });

  it("falls back to a search the node has beyond the configured ones", async () => {
    const { search, asked } = service(["bandcamp", "http"], { "bcsearch:a": found("A") });
    const r = await search.load("a");
    expect(asked).toEqual(["bcsearch:a"]);
    expect(r.source).toBe("bcsearch");
  });

  it("a named source the node lacks is refused without asking it", async () => {
    const { search, asked } = service(["youtube"], {});
    await expect(search.load("sc:a")).rejects.toMatchObject({ code: "SOURCE_UNAVAILABLE" });
    await expect(search.load("speak:hello")).rejects.toBeInstanceOf(UserError);
    expect(asked).toEqual([]);
  });

  it("a node without any search source is answered clearly", async () => {
    const { search } = service(["http"], {});
    await expect(search.load("a")).rejects.toThrow("The music node has no search source. Play a link instead.");
  });

  it("links go out normalised, with no source", async () => {
    const { search, asked } = service(["http"], { "https://cdn.example.org/a%20b.mp3": found("A") });
    await search.load("LINK:HTTPS://CDN.EXAMPLE.ORG/a b.mp3");
    expect(asked).toEqual(["https://cdn.example.org/a%20b.mp3"]);
  });
});
