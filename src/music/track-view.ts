import type { Track, UnresolvedTrack } from "lavalink-client";
import type { Requester, TrackView } from "./types.ts";

export function toRequester(value: unknown): Requester | null {
  if (value && typeof value === "object" && "id" in value && typeof value.id === "string") {
    const username = "username" in value && typeof value.username === "string" ? value.username : "unknown";
    return { id: value.id, username };
  }
  return null;
}

export function toTrackView(track: Track | UnresolvedTrack): TrackView {
  const info = track.info;
  return {
    encoded: track.encoded ?? "",
    ...(info.identifier ? { identifier: info.identifier } : {}),
    title: info.title ?? "Unknown title",
    author: info.author ?? "Unknown artist",
    uri: info.uri ?? null,
    durationMs: info.duration ?? 0,
    isStream: Boolean(info.isStream),
    isSeekable: Boolean(info.isSeekable),
    sourceName: info.sourceName ?? "unknown",
    artworkUrl: info.artworkUrl ?? null,
    requester: toRequester(track.requester),
  };
}
