import { DefaultSources } from "lavalink-client";
import { type LocalText, text as local } from "../i18n/translate.ts";
import { spotifyUriToLink } from "./plugin-links.ts";
import { looksLikeUrl } from "./url-guard.ts";

/**
 * What a member's query asks for. Encore sends the node an identifier it built itself from this (a checked link, or
 * `<source>:<text>` for a source the node advertises), so no prefix is ever interpreted behind the URL guard's back.
 */
export type ParsedQuery =
  /** A link (to check with the URL guard before it goes anywhere). */
  | { readonly kind: "link"; readonly text: string }
  /** A text search; `source` is the search prefix the member named (e.g. "scsearch"), null for the usual order. */
  | { readonly kind: "search"; readonly source: string | null; readonly text: string }
  /** Something that is never sent to a node; `reason` is safe to show. */
  | { readonly kind: "refused"; readonly reason: LocalText };

/** Prefixes that mean "load the rest as a link" in lavalink-client (`link:`, `uri:`, and `http:`/`https:`). */
const LINK_SOURCES = new Set(["link", "uri", "http", "https"]);

const sourceKeys: readonly string[] = Object.keys(DefaultSources);
const sources = DefaultSources as Record<string, string>;

/**
 * The source prefix a query starts with, matched like lavalink-client 2.11 does (`ManagerUtils.findSourceOfQuery`:
 * every key of its `DefaultSources`, e.g. `sc`, `youtube music`, `speak`, `local`, `uri`, case-insensitive, followed
 * by `:`), except that `http:`/`https:` are recognised too where they do not start a URL.
 */
export function findSourcePrefix(query: string): { key: string; source: string } | null {
  const lowered = query.toLowerCase();
  const key = sourceKeys.find((k) => lowered.startsWith(`${k.toLowerCase()}:`));
  if (!key) return null;
  const source = sources[key];
  return source ? { key, source } : null;
}

/** Reads a member's query: a link, a search (with the source they named, if any), or something refused. */
export function parseQuery(raw: string): ParsedQuery {
  const text = raw.trim();
  if (looksLikeUrl(text)) return { kind: "link", text };
  // `spotify:track:<id>` (as the desktop app copies it) is the open.spotify.com link LavaSrc loads.
  const spotifyLink = spotifyUriToLink(text);
  if (spotifyLink) return { kind: "link", text: spotifyLink };
  const prefix = findSourcePrefix(text);
  if (!prefix) return { kind: "search", source: null, text };
  const rest = text.slice(prefix.key.length + 1).trim();
  if (prefix.source === "local") {
    return { kind: "refused", reason: local("url.nodeDisk") };
  }
  // lavalink-client loads a URL after any source prefix as a plain link (`sc:https://…` loads the link).
  if (LINK_SOURCES.has(prefix.source) || looksLikeUrl(rest)) return { kind: "link", text: rest };
  return { kind: "search", source: prefix.source, text: rest };
}
