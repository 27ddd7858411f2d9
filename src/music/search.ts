import type { Track } from "lavalink-client";
import type { TtlCache } from "../core/cache.ts";
import { UserError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { safe } from "../core/safe-text.ts";
import type { SingleFlight } from "../core/single-flight.ts";
import { english, type LocalText, text as local, userError } from "../i18n/translate.ts";
import type { NodeLoadResult } from "./node-load.ts";
import { missingSource, type NodeSources, sourceLabel } from "./node-sources.ts";
import { noPluginSource, type PluginLink, pluginLinkOf } from "./plugin-links.ts";
import { parseQuery } from "./query.ts";
import { checkUrl, type HostResolver, looksLikeUrl } from "./url-guard.ts";

export interface LoadedTracks {
  readonly kind: "track" | "playlist" | "search" | "empty";
  readonly tracks: readonly Track[];
  readonly playlistName: string | null;
  /** The search prefix that answered, e.g. "scsearch"; null for links. */
  readonly source: string | null;
  /** The source asked first, when a later fallback source answered instead; null otherwise. */
  readonly fellBackFrom?: string | null;
  /** Why the first source did not answer (plain text from Encore or the node, not escaped). */
  readonly fallbackReason?: LocalText | null;
}

/** Where searches and links are loaded; the music service supplies it so every call goes through the breaker. */
export interface TrackLoader {
  /** What the usable nodes can load, right now. */
  capabilities(): NodeSources;
  /** `needs`: the source manager a link only a plugin loads requires (see plugin-links.ts). */
  load(text: string, source: string | null, needs?: { manager: string; label: string }): Promise<NodeLoadResult>;
}

export interface SearchServiceOptions {
  defaultSource: string;
  fallbackSources: readonly string[];
  allowPrivateUrls: boolean;
  urlAllowHosts?: readonly string[];
}

export const normaliseQuery = (query: string): string => {
  const trimmed = query.trim().replace(/\s+/g, " ");
  return looksLikeUrl(trimmed) ? trimmed : trimmed.toLowerCase();
};

/**
 * Resolves queries and links to tracks: a cache (normalised query + source) in front, single-flight so concurrent
 * identical searches make one node request, the URL guard before any link leaves, and source choice for plain
 * searches (the configured order, then whatever search the node has).
 */
export class SearchService {
  private readonly opts: SearchServiceOptions;
  private readonly cache: TtlCache<string, LoadedTracks>;
  private readonly flights: SingleFlight<string, LoadedTracks>;
  private readonly loader: TrackLoader;
  private readonly resolve: HostResolver;
  private readonly logger: Logger;

  constructor(
    opts: SearchServiceOptions,
    deps: {
      cache: TtlCache<string, LoadedTracks>;
      flights: SingleFlight<string, LoadedTracks>;
      loader: TrackLoader;
      resolve: HostResolver;
      logger: Logger;
    },
  ) {
    this.opts = opts;
    this.cache = deps.cache;
    this.flights = deps.flights;
    this.loader = deps.loader;
    this.resolve = deps.resolve;
    this.logger = deps.logger;
  }

  async load(rawQuery: string, preferred?: string): Promise<LoadedTracks> {
    const query = parseQuery(rawQuery);
    if (query.kind === "refused") throw userError("URL_REFUSED", "music.cantPlay", { reason: query.reason });
    if (!query.text) throw userError("BAD_ARGUMENT", "music.whatToSearch");
    if (query.kind === "link") {
      const verdict = await checkUrl(query.text, {
        allowPrivate: this.opts.allowPrivateUrls,
        allowHosts: this.opts.urlAllowHosts ?? [],
        resolve: this.resolve,
      });
      if (!verdict.ok) throw userError("URL_REFUSED", "music.linkRefused", { reason: verdict.reason });
      const plugin = pluginLinkOf(verdict.url);
      if (plugin) return this.loadPluginLink(verdict.url, plugin);
      return this.loadOne(verdict.url, null);
    }
    const caps = this.loader.capabilities();
    if (query.source) {
      if (!caps.searches(query.source)) throw missingSource(query.source);
      return this.loadOne(query.text, query.source);
    }
    return this.searchInOrder(query.text, caps, preferred);
  }

  /** A plain search: the preferred source, the configured fallbacks, then any other search the node offers. */
  private async searchInOrder(text: string, caps: NodeSources, preferred?: string): Promise<LoadedTracks> {
    const configured = [preferred ?? this.opts.defaultSource, ...this.opts.fallbackSources];
    const first = configured[0] as string;
    const order = caps.searchOrder(configured);
    if (order.length === 0) {
      throw userError("SOURCE_UNAVAILABLE", "music.noSearchSource");
    }
    let reason: LocalText | null = caps.searches(first)
      ? null
      : local("fallback.noSource", { source: sourceLabel(first) });
    let lastError: UserError | null = null;
    for (const source of order) {
      try {
        const result = await this.loadOne(text, source);
        if (result.tracks.length > 0) {
          return source === first ? result : { ...result, fellBackFrom: first, fallbackReason: reason };
        }
        if (source === first) reason = local("play.sourceFoundNothing", { source: sourceLabel(first) });
      } catch (err) {
        if (!(err instanceof LoadFailure)) throw err;
        lastError = err;
        if (source === first) {
          reason = local("fallback.failed", { source: sourceLabel(first), message: safe(err.nodeMessage, 250) });
        }
        this.logger.warn({ source, err: err.nodeMessage }, "search source failed, trying the next one");
      }
    }
    if (lastError) throw lastError;
    return { kind: "empty", tracks: [], playlistName: null, source: first };
  }

  /** A Spotify, Apple Music or Deezer link: only a node with that (LavaSrc) source manager can load it. */
  private loadPluginLink(url: string, plugin: PluginLink): Promise<LoadedTracks> {
    if (!plugin.kind) {
      throw userError("URL_REFUSED", "music.pluginLinkKind", { label: plugin.label });
    }
    if (!this.loader.capabilities().hasManager(plugin.manager)) {
      throw noPluginSource(plugin.label);
    }
    return this.loadOne(url, null, { manager: plugin.manager, label: plugin.label });
  }

  private async loadOne(
    text: string,
    source: string | null,
    needs?: { manager: string; label: string },
  ): Promise<LoadedTracks> {
    const key = `${source ?? "url"}\u0000${normaliseQuery(text)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    return this.flights.run(key, async () => {
      const loaded = toLoaded(await this.loader.load(text, source, needs), source);
      if (loaded.tracks.length > 0) this.cache.set(key, loaded);
      return loaded;
    });
  }
}

/** The node answered with a load error: the query's problem, shown with the node's own (escaped) message. */
export class LoadFailure extends UserError {
  readonly nodeMessage: string;

  constructor(nodeMessage: string) {
    const said = local("music.loadFailed", { message: safe(nodeMessage, 300) });
    super("LOAD_FAILED", english(said.key, said.params as { message: string }), { local: said });
    this.nodeMessage = nodeMessage;
  }
}

function toLoaded(res: NodeLoadResult, source: string | null): LoadedTracks {
  if (res.loadType === "error") throw new LoadFailure(res.errorMessage ?? "the node could not load it");
  return {
    kind: res.tracks.length === 0 ? "empty" : res.loadType,
    tracks: res.tracks,
    playlistName: res.playlistName,
    source,
  };
}
