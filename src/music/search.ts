import type { SearchResult, Track } from "lavalink-client";
import type { TtlCache } from "../core/cache.ts";
import { UserError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { SingleFlight } from "../core/single-flight.ts";
import type { SearchSource } from "./types.ts";
import { isUrl, refuseInternalUrl } from "./url-guard.ts";

export interface LoadedTracks {
  readonly kind: "track" | "playlist" | "search" | "empty";
  readonly tracks: readonly Track[];
  readonly playlistName: string | null;
  readonly source: SearchSource | null;
  /** The source asked first, when a later fallback source answered instead; null otherwise. */
  readonly fellBackFrom?: SearchSource | null;
}

/** Runs one search on some node; supplied by the music service so it goes through the breaker. */
export type NodeSearch = (query: string, source: SearchSource | null) => Promise<SearchResult>;

export interface SearchServiceOptions {
  defaultSource: SearchSource;
  fallbackSources: readonly SearchSource[];
  allowPrivateUrls: boolean;
}

export const normaliseQuery = (query: string): string => {
  const trimmed = query.trim().replace(/\s+/g, " ");
  return isUrl(trimmed) ? trimmed : trimmed.toLowerCase();
};

const explicitSources: Record<string, SearchSource> = { yt: "ytsearch", ytm: "ytmsearch", sc: "scsearch" };

/** Splits an explicit source prefix such as `sc:` or `ytsearch:` off a query. */
export function splitSourcePrefix(query: string): { source: SearchSource | null; text: string } {
  const m = query.match(/^\s*(yt|ytm|sc|ytsearch|ytmsearch|scsearch):\s*(.+)$/i);
  if (!m?.[1] || !m[2]) return { source: null, text: query.trim() };
  const key = m[1].toLowerCase();
  const source = explicitSources[key] ?? (key as SearchSource);
  return { source, text: m[2].trim() };
}

/**
 * Resolves queries and URLs to tracks: a cache (normalised query + source) in front, single-flight so
 * concurrent identical searches make one node request, and source fallback for plain searches.
 */
export class SearchService {
  private readonly opts: SearchServiceOptions;
  private readonly cache: TtlCache<string, LoadedTracks>;
  private readonly flights: SingleFlight<string, LoadedTracks>;
  private readonly nodeSearch: NodeSearch;
  private readonly logger: Logger;

  constructor(
    opts: SearchServiceOptions,
    deps: {
      cache: TtlCache<string, LoadedTracks>;
      flights: SingleFlight<string, LoadedTracks>;
      nodeSearch: NodeSearch;
      logger: Logger;
    },
  ) {
    this.opts = opts;
    this.cache = deps.cache;
    this.flights = deps.flights;
    this.nodeSearch = deps.nodeSearch;
    this.logger = deps.logger;
  }

  async load(rawQuery: string, preferred?: SearchSource): Promise<LoadedTracks> {
    const { source: prefixed, text } = splitSourcePrefix(rawQuery);
    if (!text) throw new UserError("BAD_ARGUMENT", "Tell me what to search for.");
    if (isUrl(text)) {
      const refusal = this.opts.allowPrivateUrls ? null : refuseInternalUrl(text);
      if (refusal) throw new UserError("URL_REFUSED", `That link can't be played: ${refusal}.`);
      return this.loadOne(text, null);
    }
    const first = prefixed ?? preferred ?? this.opts.defaultSource;
    const order = [first, ...this.opts.fallbackSources.filter((s) => s !== first)];
    let lastError: UserError | null = null;
    for (const source of order) {
      try {
        const result = await this.loadOne(text, source);
        if (result.tracks.length > 0) return source === first ? result : { ...result, fellBackFrom: first };
      } catch (err) {
        if (!(err instanceof UserError) || err.code !== "LOAD_FAILED") throw err;
        lastError = err;
        this.logger.warn({ source, err: err.message }, "search source failed, trying the next one");
      }
    }
    if (lastError) throw lastError;
    return { kind: "empty", tracks: [], playlistName: null, source: first };
  }

  private async loadOne(text: string, source: SearchSource | null): Promise<LoadedTracks> {
    const key = `${source ?? "url"}\u0000${normaliseQuery(text)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    return this.flights.run(key, async () => {
      const res = await this.nodeSearch(text, source);
      const loaded = toLoaded(res, source);
      if (loaded.tracks.length > 0) this.cache.set(key, loaded);
      return loaded;
    });
  }
}

function toLoaded(res: SearchResult, source: SearchSource | null): LoadedTracks {
  if (res.loadType === "error") {
    const reason = res.exception?.message?.trim() || "the node could not load it";
    throw new UserError("LOAD_FAILED", `The music node couldn't load that: ${reason}`);
  }
  const kind =
    res.loadType === "playlist" || res.loadType === "track" || res.loadType === "search" ? res.loadType : "empty";
  return {
    kind: res.tracks.length === 0 ? "empty" : kind,
    tracks: res.tracks,
    playlistName: res.playlist?.name ?? res.playlist?.title ?? null,
    source,
  };
}
