/**
 * What a node can load, from its `/v4/info` (`sourceManagers`, `plugins`). Search prefixes map to the source
 * manager (or plugin) a node must advertise for them; a plugin source (LavaSrc's `spsearch`, `amsearch`, `dzsearch`,
 * …) is one more row here and nothing else.
 */
import type { UserError } from "../core/errors.ts";
import { userError } from "../i18n/translate.ts";

export interface SearchSourceSpec {
  /** Shown to members: "YouTube", "SoundCloud". */
  readonly label: string;
  /** The node serves this prefix when it advertises any of these source managers. */
  readonly managers: readonly string[];
  /** …or a plugin whose name contains one of these. */
  readonly plugins?: readonly string[];
  /** The Lavalink plugin that provides the source, named when a node lacks it. */
  readonly providedBy?: string;
}

/** Every search prefix Encore knows, in the order it falls back through them when the configured ones are missing. */
export const SEARCH_SOURCES: Readonly<Record<string, SearchSourceSpec>> = {
  ytsearch: { label: "YouTube", managers: ["youtube"] },
  ytmsearch: { label: "YouTube Music", managers: ["youtube"] },
  scsearch: { label: "SoundCloud", managers: ["soundcloud"] },
  bcsearch: { label: "Bandcamp", managers: ["bandcamp"] },
  spsearch: { label: "Spotify", managers: ["spotify"], providedBy: "LavaSrc" },
  amsearch: { label: "Apple Music", managers: ["applemusic"], providedBy: "LavaSrc" },
  dzsearch: { label: "Deezer", managers: ["deezer"], providedBy: "LavaSrc" },
  ymsearch: { label: "Yandex Music", managers: ["yandexmusic"] },
  vksearch: { label: "VK Music", managers: ["vkmusic"] },
  tdsearch: { label: "Tidal", managers: ["tidal"] },
  qbsearch: { label: "Qobuz", managers: ["qobuz"] },
  jssearch: { label: "JioSaavn", managers: ["jiosaavn"] },
  pdsearch: { label: "Pandora", managers: ["pandora"] },
  amzsearch: { label: "Amazon Music", managers: ["amazonmusic"] },
  admsearch: { label: "Audiomack", managers: ["audiomack"] },
  gnsearch: { label: "Gaana", managers: ["gaana"] },
  szsearch: { label: "Shazam", managers: ["shazam"] },
  // Text-to-speech and recommendation sources: never used as fallbacks for a music search, only when named.
  speak: { label: "text-to-speech", managers: ["speak"], plugins: ["dunctebot"] },
  tts: { label: "text-to-speech", managers: ["gcloud-tts"], plugins: ["tts-plugin"] },
  ftts: { label: "text-to-speech", managers: ["ftts", "flowery-tts", "flowerytts"] },
  sprec: { label: "Spotify recommendations", managers: ["spotify"] },
  dzrec: { label: "Deezer recommendations", managers: ["deezer"] },
  dzisrc: { label: "Deezer (ISRC)", managers: ["deezer"] },
  ymrec: { label: "Yandex Music recommendations", managers: ["yandexmusic"] },
  vkrec: { label: "VK Music recommendations", managers: ["vkmusic"] },
  tdrec: { label: "Tidal recommendations", managers: ["tidal"] },
  qbisrc: { label: "Qobuz (ISRC)", managers: ["qobuz"] },
  qbrec: { label: "Qobuz recommendations", managers: ["qobuz"] },
  jsrec: { label: "JioSaavn recommendations", managers: ["jiosaavn"] },
  phsearch: { label: "Pornhub", managers: ["pornhub"] },
};

/** Prefixes a plain search may fall back to when the configured ones are missing on the node. */
const MUSIC_SEARCHES = Object.keys(SEARCH_SOURCES).filter((s) => s.endsWith("search") && s !== "phsearch");

/** The part of `/v4/info` Encore reads (lavalink-client's `node.info`, or NodeLink's equivalent). */
export interface NodeInfoLike {
  readonly sourceManagers?: readonly string[] | null;
  readonly plugins?: readonly { readonly name: string }[] | null;
}

export const sourceLabel = (source: string | null): string =>
  source ? (SEARCH_SOURCES[source]?.label ?? source) : "the link";

/** Why a named search source can't be used: no usable node has it (and which plugin would add it, when known). */
export function missingSource(source: string): UserError {
  const spec = SEARCH_SOURCES[source];
  if (spec?.providedBy) {
    return userError("SOURCE_UNAVAILABLE", "music.noPluginSearch", { label: spec.label, plugin: spec.providedBy });
  }
  return userError("SOURCE_UNAVAILABLE", "music.noSource", { source: sourceLabel(source) });
}

/** What one node can do, read once from its info. */
export class NodeSources {
  private readonly managers: ReadonlySet<string>;
  private readonly plugins: readonly string[];

  constructor(info: NodeInfoLike | null | undefined) {
    this.managers = new Set((info?.sourceManagers ?? []).map((m) => String(m).toLowerCase()));
    this.plugins = (info?.plugins ?? []).map((p) => String(p?.name ?? "").toLowerCase());
  }

  /** Source managers that load links (everything but the node's own disk). */
  get linkSources(): string[] {
    return [...this.managers].filter((m) => m !== "local");
  }

  /** Whether the node advertises this source manager (e.g. LavaSrc's "spotify"). */
  hasManager(manager: string): boolean {
    return this.managers.has(manager.toLowerCase());
  }

  /** Whether a plugin whose name contains this is installed (e.g. "sponsorblock"). */
  hasPlugin(name: string): boolean {
    return this.plugins.some((p) => p.includes(name.toLowerCase()));
  }

  /** Whether the node loads links at all. */
  get loadsLinks(): boolean {
    return this.linkSources.length > 0;
  }

  /** Whether the node serves this search prefix. An unknown prefix is served when a manager of that name exists. */
  searches(source: string): boolean {
    const spec = SEARCH_SOURCES[source];
    if (!spec) return this.managers.has(source);
    return (
      spec.managers.some((m) => this.managers.has(m)) ||
      (spec.plugins ?? []).some((p) => this.plugins.some((name) => name.includes(p)))
    );
  }

  /**
   * The sources to try for a plain search: the configured order first, then any other music search the node
   * has, keeping only those it serves.
   */
  searchOrder(configured: readonly string[]): string[] {
    const wanted = [...new Set([...configured, ...MUSIC_SEARCHES])];
    return wanted.filter((s) => this.searches(s));
  }
}
