import type { StoredTrack } from "../../store/types.ts";
import type { Requester, TrackView } from "../types.ts";

/** Where the embedded engine reads a track from. */
export type EmbeddedSource = "http" | "local" | "ytdlp";

/** A track the embedded engine can play. `locator` is the URL, the path inside the music folder, or the yt-dlp URL. */
export interface EmbeddedTrack {
  readonly source: EmbeddedSource;
  readonly locator: string;
  readonly title: string;
  readonly author: string;
  readonly uri: string | null;
  readonly durationMs: number;
  readonly isStream: boolean;
  readonly sourceName: string;
  readonly artworkUrl: string | null;
  readonly requester: Requester | null;
  /** The saved form this track came from (a Lavalink track played here as a fallback); saved back unchanged. */
  readonly original?: StoredTrack;
}

const PREFIX: Record<EmbeddedSource, string> = {
  http: "embedded:http:",
  local: "embedded:local:",
  ytdlp: "embedded:ytdlp:",
};

/** The `encoded` form of an embedded track (what playlists and the saved queue keep). */
export const encodeTrack = (t: Pick<EmbeddedTrack, "source" | "locator">): string => `${PREFIX[t.source]}${t.locator}`;

export function toView(t: EmbeddedTrack): TrackView {
  return {
    encoded: encodeTrack(t),
    title: t.title,
    author: t.author,
    uri: t.uri,
    durationMs: t.durationMs,
    isStream: t.isStream,
    isSeekable: !t.isStream && t.durationMs > 0,
    sourceName: t.sourceName,
    artworkUrl: t.artworkUrl,
    requester: t.requester,
  };
}

export function toStored(t: EmbeddedTrack): StoredTrack {
  if (t.original) return { ...t.original, requester: t.requester };
  const v = toView(t);
  return { ...v, requester: t.requester };
}

const YTDLP_HOSTS = /(^|\.)(youtube\.com|youtu\.be|soundcloud\.com)$/i;

/** Whether a link needs yt-dlp (YouTube, SoundCloud pages) rather than a plain HTTP fetch. */
export function needsYtDlp(url: string): boolean {
  try {
    return YTDLP_HOSTS.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * A saved track (an embedded one, or one Lavalink played) as an embedded track, when this engine can play it: its
 * own tracks, Lavalink's direct http tracks, and YouTube/SoundCloud tracks when yt-dlp is available.
 */
export function fromStored(t: StoredTrack, ytDlp: boolean): EmbeddedTrack | null {
  const base = {
    title: t.title,
    author: t.author,
    uri: t.uri,
    durationMs: t.durationMs,
    isStream: t.isStream,
    sourceName: t.sourceName,
    artworkUrl: t.artworkUrl ?? null,
    requester: t.requester ?? null,
  };
  for (const [source, prefix] of Object.entries(PREFIX) as [EmbeddedSource, string][]) {
    if (t.encoded.startsWith(prefix)) {
      if (source === "ytdlp" && !ytDlp) return null;
      return { ...base, source, locator: t.encoded.slice(prefix.length) };
    }
  }
  if (!t.uri || !/^https?:\/\//i.test(t.uri)) return null;
  if (needsYtDlp(t.uri)) return ytDlp ? { ...base, source: "ytdlp", locator: t.uri, original: t } : null;
  if (t.sourceName === "http") return { ...base, source: "http", locator: t.uri, original: t };
  return null;
}
