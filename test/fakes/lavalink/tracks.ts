/**
 * Track encoding and the fake node's audio loader (`/v4/loadtracks` semantics).
 *
 * `encoded` is base64 of the track info JSON: clients treat it as opaque, and the node's own decode endpoints and
 * player PATCH accept it back (reference A.7).
 */
import type {
  FakeLoadError,
  FakePlaylistSpec,
  FakeTrackSpec,
  LavalinkException,
  LoadResult,
  TrackInfo,
  TrackJson,
} from "./types.ts";

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MAX_SEARCH_RESULTS = 10;
const URL_PATTERN = /^https?:\/\//i;
/** `https://www.youtube.com/watch?v=<id>&list=RD<id>`: the YouTube "mix" (radio) seeded by a video. */
const YOUTUBE_MIX = /^https:\/\/www\.youtube\.com\/watch\?v=([\w-]+)&list=RD([\w-]+)$/;

export function infoFromSpec(spec: FakeTrackSpec): TrackInfo {
  const isStream = spec.isStream ?? false;
  return {
    identifier: spec.identifier,
    isSeekable: spec.isSeekable ?? !isStream,
    author: spec.author,
    length: spec.length,
    isStream,
    position: 0,
    title: spec.title,
    uri: spec.uri,
    artworkUrl: spec.artworkUrl ?? null,
    isrc: spec.isrc ?? null,
    sourceName: spec.sourceName ?? "youtube",
  };
}

export function encodeTrack(info: TrackInfo): string {
  return Buffer.from(JSON.stringify({ ...info, position: 0 }), "utf8").toString("base64");
}

/** Returns the track info an `encoded` string stands for, or null when it is not one of ours. */
export function decodeTrack(encoded: string): TrackInfo | null {
  if (typeof encoded !== "string" || !BASE64.test(encoded) || encoded.length % 4 !== 0) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
  } catch {
    return null;
  }
  if (!isTrackInfo(parsed)) return null;
  return { ...parsed, position: 0 };
}

function isTrackInfo(value: unknown): value is TrackInfo {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.identifier === "string" &&
    typeof v.title === "string" &&
    typeof v.author === "string" &&
    typeof v.length === "number" &&
    typeof v.isStream === "boolean" &&
    typeof v.isSeekable === "boolean" &&
    typeof v.sourceName === "string" &&
    (v.uri === null || typeof v.uri === "string")
  );
}

/** Sources LavaSrc adds: their tracks carry LavaSrc's `pluginInfo` and play from a mirror. */
const LAVASRC_SOURCES = new Set(["spotify", "applemusic", "deezer"]);

export function trackFromInfo(info: TrackInfo, userData: Record<string, unknown> = {}): TrackJson {
  const pluginInfo = LAVASRC_SOURCES.has(info.sourceName)
    ? {
        albumName: `${info.title} (single)`,
        albumArtUrl: info.artworkUrl,
        artistUrl: null,
        artistArtworkUrl: null,
        previewUrl: null,
        isPreview: false,
      }
    : {};
  return { encoded: encodeTrack(info), info: { ...info, position: 0 }, pluginInfo, userData };
}

/**
 * The LavaSrc source a link belongs to and the link as LavaSrc reads it (regional `intl-xx/` and country paths
 * dropped, query ignored); null for other links.
 */
export function lavaSrcLink(url: string): { source: string; canonical: string } | null {
  const spotify = /^https?:\/\/open\.spotify\.com\/(?:[a-z-]+\/)?(track|album|playlist|artist)\/([A-Za-z0-9]+)/i.exec(
    url,
  );
  if (spotify) return { source: "spotify", canonical: `https://open.spotify.com/${spotify[1]}/${spotify[2]}` };
  const deezer =
    /^https?:\/\/(?:www\.)?deezer\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(track|album|playlist|artist)\/(\d+)/i.exec(url);
  if (deezer) return { source: "deezer", canonical: `https://www.deezer.com/${deezer[1]}/${deezer[2]}` };
  if (/^https?:\/\/music\.apple\.com\//i.test(url))
    return { source: "applemusic", canonical: url.split("#")[0] ?? url };
  return null;
}

export function exceptionOf(error: FakeLoadError): LavalinkException {
  const cause = error.cause ?? `com.sedmelluq.discord.lavaplayer.tools.FriendlyException: ${error.message}`;
  return { message: error.message, severity: error.severity, cause, causeStackTrace: `${cause}\n\tat lavalink.fake` };
}

/** Search prefixes the fake understands and the catalog source each one searches. */
const SEARCH_PREFIXES: Record<string, string> = {
  ytsearch: "youtube",
  ytmsearch: "youtube",
  scsearch: "soundcloud",
  bcsearch: "bandcamp",
  // LavaSrc plugin sources
  spsearch: "spotify",
  amsearch: "applemusic",
  dzsearch: "deezer",
};

/** Resolves identifiers like real Lavalink's audio loader would, against a fixed catalog. */
export class TrackCatalog {
  readonly #tracks: TrackInfo[];
  readonly #playlists: FakePlaylistSpec[];
  readonly #loadErrors: Record<string, FakeLoadError>;
  readonly #sourceManagers: string[];
  readonly #httpFiles: boolean;

  readonly #synthesize: number;
  readonly #shortLinks: Record<string, string>;

  constructor(
    catalog: FakeTrackSpec[],
    playlists: FakePlaylistSpec[],
    loadErrors: Record<string, FakeLoadError>,
    sourceManagers: string[],
    synthesizeSearchResults = 0,
    httpFiles = false,
    shortLinks: Record<string, string> = {},
  ) {
    this.#shortLinks = shortLinks;
    this.#httpFiles = httpFiles;
    this.#synthesize = synthesizeSearchResults;
    this.#tracks = catalog.map(infoFromSpec);
    this.#playlists = playlists;
    this.#loadErrors = loadErrors;
    this.#sourceManagers = sourceManagers;
  }

  load(identifier: string): LoadResult {
    const failure = this.#loadErrors[identifier];
    if (failure) return { loadType: "error", data: exceptionOf(failure) };

    const prefix = /^([a-z]+):(.*)$/s.exec(identifier);
    if (prefix && !URL_PATTERN.test(identifier)) {
      const source = SEARCH_PREFIXES[prefix[1] ?? ""];
      if (!source || !this.#sourceManagers.includes(source)) return empty();
      return this.#search(source, prefix[2] ?? "");
    }

    // LavaSrc follows short links (deezer.page.link, spotify.link) to the page they stand for.
    const target = this.#shortLinks[identifier];
    if (target) {
      const to = lavaSrcLink(target);
      return to && this.#sourceManagers.includes(to.source) ? this.load(target) : empty();
    }
    // LavaSrc reads Spotify, Apple Music and Deezer links; without it a node has nothing for them.
    const lavaSrc = lavaSrcLink(identifier);
    if (lavaSrc) {
      if (!this.#sourceManagers.includes(lavaSrc.source)) return empty();
      const list = this.#playlists.find((p) => lavaSrcLink(p.url)?.canonical === lavaSrc.canonical);
      if (list) return this.#playlist(list);
      const track = this.#tracks.find((t) => t.uri !== null && lavaSrcLink(t.uri)?.canonical === lavaSrc.canonical);
      return track ? { loadType: "track", data: trackFromInfo(track) } : empty();
    }

    const playlist = this.#playlists.find((p) => p.url === identifier);
    if (playlist) return this.#playlist(playlist);

    const mix = YOUTUBE_MIX.exec(identifier);
    if (mix?.[1] && mix[1] === mix[2] && this.#sourceManagers.includes("youtube")) return this.#mix(mix[1]);

    const byUri = this.#tracks.find((t) => t.uri === identifier && this.#sourceManagers.includes(t.sourceName));
    if (byUri) return { loadType: "track", data: trackFromInfo(byUri) };

    // The YouTube source also loads a bare video id.
    const byId = this.#tracks.find((t) => t.identifier === identifier && t.sourceName === "youtube");
    if (byId && this.#sourceManagers.includes("youtube")) return { loadType: "track", data: trackFromInfo(byId) };

    if (this.#httpFiles && URL_PATTERN.test(identifier) && this.#sourceManagers.includes("http")) {
      const file = { identifier, title: "Unknown title", author: "Unknown artist", length: 180_000, uri: identifier };
      return { loadType: "track", data: trackFromInfo(infoFromSpec({ ...file, sourceName: "http" })) };
    }
    return empty();
  }

  #search(source: string, query: string): LoadResult {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return empty();
    const hits = this.#tracks
      .filter((t) => t.sourceName === source)
      .filter((t) => {
        const haystack = `${t.title} ${t.author}`.toLowerCase();
        return words.every((w) => haystack.includes(w));
      })
      .slice(0, MAX_SEARCH_RESULTS);
    if (hits.length === 0) return this.#synthesize > 0 ? this.#synthesized(source, query) : empty();
    return { loadType: "search", data: hits.map((t) => trackFromInfo(t)) };
  }

  /** Like a real node's search, which finds something for nearly any words: tracks made up from the query. */
  #synthesized(source: string, query: string): LoadResult {
    const slug = Buffer.from(query).toString("base64url").slice(0, 24);
    const data = Array.from({ length: this.#synthesize }, (_, i) =>
      trackFromInfo(
        infoFromSpec({
          identifier: `${slug}${i}`,
          title: `${query} (result ${i + 1})`,
          author: `Artist of ${query}`,
          length: 180_000 + i * 7_000,
          uri: `https://www.youtube.com/watch?v=${slug}${i}`,
          sourceName: source,
        }),
      ),
    );
    return { loadType: "search", data };
  }

  /**
   * A YouTube mix: the seed video first, then every other (non-stream) YouTube track of the catalog in order, each
   * under its `www.youtube.com/watch?v=` link.
   */
  #mix(videoId: string): LoadResult {
    const seed = this.#tracks.find((t) => t.identifier === videoId && t.sourceName === "youtube");
    if (!seed) return empty();
    const others = this.#tracks.filter((t) => t !== seed && t.sourceName === "youtube" && !t.isStream);
    // Mix entries are plain watch links, whatever link the seed was played from (youtu.be, music.youtube.com).
    const tracks = [seed, ...others].map((t) =>
      trackFromInfo({ ...t, uri: `https://www.youtube.com/watch?v=${t.identifier}` }),
    );
    return {
      loadType: "playlist",
      data: { info: { name: `Mix - ${seed.title}`, selectedTrack: 0 }, pluginInfo: {}, tracks },
    };
  }

  #playlist(spec: FakePlaylistSpec): LoadResult {
    const tracks = spec.trackIds
      .map((id) => this.#tracks.find((t) => t.identifier === id))
      .filter((t): t is TrackInfo => t !== undefined)
      .map((t) => trackFromInfo(t));
    const pluginInfo = spec.lavaSrcType
      ? {
          type: spec.lavaSrcType,
          url: spec.url,
          artworkUrl: null,
          author: "Various Artists",
          totalTracks: tracks.length,
        }
      : {};
    return { loadType: "playlist", data: { info: { name: spec.name, selectedTrack: -1 }, pluginInfo, tracks } };
  }
}

function empty(): LoadResult {
  return { loadType: "empty", data: {} };
}
