import type { LavalinkManager, Track, UnresolvedTrack } from "lavalink-client";
import type { StoredTrack } from "../store/types.ts";
import { toRequester } from "./track-view.ts";
import type { TrackView } from "./types.ts";

/** A client track reduced to what is needed to play it again without a search. */
export function toStoredTrack(track: Track | UnresolvedTrack): StoredTrack {
  const info = track.info;
  return {
    encoded: track.encoded ?? "",
    identifier: info.identifier,
    title: info.title ?? "",
    author: info.author ?? "",
    uri: info.uri ?? null,
    durationMs: info.duration ?? 0,
    sourceName: info.sourceName ?? "",
    isStream: Boolean(info.isStream),
    isSeekable: Boolean(info.isSeekable),
    artworkUrl: info.artworkUrl ?? null,
    requester: toRequester(track.requester),
  };
}

/**
 * A track as commands see it, reduced to what a saved playlist keeps. The requester is left out: a saved track
 * belongs to the playlist's owner, and whoever loads it becomes the requester.
 */
export function storedFromView(view: TrackView): StoredTrack {
  return {
    encoded: view.encoded,
    ...(view.identifier ? { identifier: view.identifier } : {}),
    title: view.title,
    author: view.author,
    uri: view.uri,
    durationMs: view.durationMs,
    sourceName: view.sourceName,
    isStream: view.isStream,
    isSeekable: view.isSeekable,
    artworkUrl: view.artworkUrl,
  };
}

/**
 * Rebuilds a client track from a stored one (the encoded form is what the node plays). A track the embedded engine
 * found itself has no Lavalink encoding: it comes back unresolved, and the node loads it by its link when it plays.
 */
export function fromStoredTrack(manager: LavalinkManager, t: StoredTrack): Track {
  if (t.encoded.startsWith("embedded:") && t.uri) {
    return manager.utils.buildUnresolvedTrack(
      { title: t.title, author: t.author, uri: t.uri, duration: t.durationMs } as never,
      t.requester ?? null,
    ) as unknown as Track;
  }
  return manager.utils.buildTrack(
    {
      encoded: t.encoded,
      info: {
        identifier: t.identifier ?? "",
        title: t.title,
        author: t.author,
        length: t.durationMs,
        duration: t.durationMs,
        uri: t.uri ?? undefined,
        sourceName: t.sourceName,
        isStream: t.isStream,
        isSeekable: t.isSeekable ?? !t.isStream,
        artworkUrl: t.artworkUrl ?? null,
        isrc: null,
        position: 0,
      },
      pluginInfo: {},
      userData: {},
    } as never,
    t.requester ?? null,
  );
}
