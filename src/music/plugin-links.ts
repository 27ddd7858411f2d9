import type { UserError } from "../core/errors.ts";
import { userError } from "../i18n/translate.ts";

/**
 * Links that only a Lavalink plugin can load: LavaSrc resolves Spotify, Apple Music and Deezer links (tracks, albums,
 * playlists, artists) through their APIs and plays each track from a mirror (by ISRC, else by title and artist),
 * so such a link must go to a node that advertises that source manager. Anything else is an ordinary link.
 */

export interface PluginLink {
  /** The source manager a node must advertise to load it (`/v4/info` `sourceManagers`). */
  readonly manager: "spotify" | "applemusic" | "deezer";
  /** Shown to members: "Spotify". */
  readonly label: string;
  /** What the link points at ("link" for a short link); null when the plugin does not load that kind of page. */
  readonly kind: LinkKind | null;
}

type LinkKind = "track" | "album" | "playlist" | "artist" | "link";

interface PluginLinkRule extends Omit<PluginLink, "kind"> {
  readonly hosts: readonly string[];
  /** Reads the kind from the path; null when the path is not one the plugin loads. */
  readonly kindOf: (path: string) => LinkKind | null;
}

const SPOTIFY_PATH =
  /^\/(?:intl-[a-z]{2}(?:-[a-z]{2})?\/|[a-z]{2}(?:-[a-z]{2})?\/)?(?:user\/[\w-]+\/)?(track|album|playlist|artist)\/[A-Za-z0-9]+\/?$/i;
const APPLE_PATH = /^\/(?:[a-z]{2}\/)?(album|playlist|artist|song)(?:\/[^/]+)?\/[\w.-]+\/?$/i;
const DEEZER_PATH = /^\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(track|album|playlist|artist)\/\d+\/?$/i;
const SHORT_PATH = /^\/[\w-]+\/?$/;

const RULES: readonly PluginLinkRule[] = [
  {
    manager: "spotify",
    label: "Spotify",
    hosts: ["open.spotify.com"],
    kindOf: (path) => (SPOTIFY_PATH.exec(path)?.[1]?.toLowerCase() as LinkKind | undefined) ?? null,
  },
  {
    manager: "spotify",
    label: "Spotify",
    hosts: ["spotify.link"],
    kindOf: (p) => (SHORT_PATH.test(p) ? "link" : null),
  },
  {
    manager: "applemusic",
    label: "Apple Music",
    hosts: ["music.apple.com", "www.music.apple.com"],
    kindOf: (path) => {
      const kind = APPLE_PATH.exec(path)?.[1]?.toLowerCase();
      return kind === "song" ? "track" : ((kind as LinkKind | undefined) ?? null);
    },
  },
  {
    manager: "deezer",
    label: "Deezer",
    hosts: ["deezer.com", "www.deezer.com"],
    kindOf: (path) => (DEEZER_PATH.exec(path)?.[1]?.toLowerCase() as LinkKind | undefined) ?? null,
  },
  {
    manager: "deezer",
    label: "Deezer",
    hosts: ["deezer.page.link", "link.deezer.com"],
    kindOf: (p) => (SHORT_PATH.test(p) || /^\/s\/[\w-]+\/?$/.test(p) ? "link" : null),
  },
];

/** The plugin source a link needs, or null for an ordinary link. */
export function pluginLinkOf(link: string): PluginLink | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const rule = RULES.find((r) => r.hosts.includes(host));
  if (!rule) return null;
  return { manager: rule.manager, label: rule.label, kind: rule.kindOf(url.pathname) };
}

const SPOTIFY_URI = /^spotify:(track|album|playlist|artist):([A-Za-z0-9]{22})$/i;

/**
 * A Spotify URI as the desktop app copies it (`spotify:track:<id>`), as the link LavaSrc loads; null for anything
 * else (`spotify:some words` stays a Spotify search).
 */
export function spotifyUriToLink(text: string): string | null {
  const m = SPOTIFY_URI.exec(text.trim());
  if (!m?.[1] || !m[2]) return null;
  return `https://open.spotify.com/${m[1].toLowerCase()}/${m[2]}`;
}

/** Why a plugin link can't be played here (no connected node has its source). */
export const noPluginSource = (label: string): UserError =>
  userError("SOURCE_UNAVAILABLE", "music.noPluginLinks", { label });
