import type { APIEmbed } from "discord.js";
import { isUserError } from "../core/errors.ts";
import { localError, type Translate, text, userError } from "../i18n/translate.ts";
import type { PlayResult, TrackView } from "../music/types.ts";
import type { Playlist, StoredTrack } from "../store/types.ts";
import { safe, totalLength, trackLength, trackTitle } from "./format.ts";

/** Tracks per page of `playlist show`. */
export const PLAYLIST_PAGE_SIZE = 10;

/** A playlist name as shown in replies: bold and inert. */
export const shownName = (name: string): string => `**${safe(name, 64)}**`;

/** A stored track in the shape the shared renderers take. */
export function viewOf(t: Translate, track: StoredTrack): TrackView {
  return {
    encoded: track.encoded,
    title: track.title || t("track.unknownTitle"),
    author: track.author || t("track.unknownArtist"),
    uri: track.uri,
    durationMs: track.durationMs,
    isStream: track.isStream,
    isSeekable: track.isSeekable ?? !track.isStream,
    sourceName: track.sourceName,
    artworkUrl: track.artworkUrl ?? null,
    requester: null,
  };
}

/**
 * The store words its refusals with the name as typed; replies escape every name, so the refusals that name a
 * playlist are reworded here (same code, the store's error as the cause). Others pass through unchanged.
 */
export function explainStoreError(
  err: unknown,
  names: { playlist: string; newName?: string; trackCount?: number },
  prefix: string,
): unknown {
  if (!isUserError(err)) return err;
  switch (err.code) {
    case "PLAYLIST_NOT_FOUND":
      return localError(
        err.code,
        text("playlist.notFound", { name: shownName(names.playlist), example: `${prefix}playlist list` }),
        { cause: err },
      );
    case "PLAYLIST_EXISTS":
      return localError(err.code, text("playlist.exists", { name: shownName(names.newName ?? names.playlist) }), {
        cause: err,
      });
    case "PLAYLIST_FULL":
      return localError(
        err.code,
        names.trackCount !== undefined
          ? text("playlist.fullCount", { name: shownName(names.playlist), count: names.trackCount })
          : text("playlist.full", { name: shownName(names.playlist) }),
        { cause: err },
      );
    default:
      return err;
  }
}

/** Runs a store call, rewording its refusals with {@link explainStoreError}. */
export function storeCall<T>(
  fn: () => T,
  names: { playlist: string; newName?: string; trackCount?: number },
  prefix: string,
): T {
  try {
    return fn();
  } catch (err) {
    throw explainStoreError(err, names, prefix);
  }
}

/** One page of a playlist's tracks. */
export function playlistPage(t: Translate, playlist: Playlist, requestedPage: number): APIEmbed {
  const pages = Math.max(1, Math.ceil(playlist.tracks.length / PLAYLIST_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, requestedPage));
  const start = (page - 1) * PLAYLIST_PAGE_SIZE;
  const lines = playlist.tracks.slice(start, start + PLAYLIST_PAGE_SIZE).map((track, i) => {
    const view = viewOf(t, track);
    return `${start + i + 1}. ${trackTitle(t, view)} (${trackLength(t, view)})`;
  });
  return {
    title: safe(playlist.name, 64),
    description: lines.length ? lines.join("\n") : t("playlist.noTracks"),
    footer: {
      text: t("playlist.footer", {
        page,
        pages,
        count: playlist.tracks.length,
        length: totalLength(t, playlist.tracks),
      }),
    },
  };
}

/** The owner's playlists with their track counts. */
export function playlistList(t: Translate, items: readonly { name: string; trackCount: number }[]): APIEmbed {
  return {
    title: t("playlist.listTitle"),
    description: items.map((p) => t("playlist.listLine", { name: shownName(p.name), count: p.trackCount })).join("\n"),
    footer: { text: t("playlist.listFooter", { count: items.length }) },
  };
}

/** The answer to `playlist add`. */
export function describeAdded(
  t: Translate,
  name: string,
  offered: readonly TrackView[],
  result: { added: number; total: number },
  from: string | null,
): string {
  const [first] = offered;
  const what =
    result.added === 1 && offered.length === 1 && first
      ? trackTitle(t, first)
      : from
        ? t("playlist.addedManyFrom", { count: result.added, from: safe(from) })
        : t("playlist.addedMany", { count: result.added });
  const lines = [t("playlist.added", { what, name: shownName(name), total: result.total })];
  const left = offered.length - result.added;
  if (left > 0) lines.push(t("playlist.didNotFit", { count: left, total: result.total }));
  return lines.join("\n");
}

/** The answer to `playlist load`. */
export function describeLoaded(t: Translate, name: string, result: PlayResult): string {
  const [first] = result.added;
  if (!first) throw userError("NO_RESULTS", "playlist.nothingToPlay");
  const what =
    result.added.length === 1 ? trackTitle(t, first) : t("playlist.loadedMany", { count: result.added.length });
  const lines = [t("playlist.loaded", { what, name: shownName(name), length: totalLength(t, result.added) })];
  if (result.startedPlaying) lines.push(t("playlist.nowPlaying", { track: trackTitle(t, first) }));
  if (result.truncated > 0) lines.push(t("playlist.leftOut", { count: result.truncated }));
  return lines.join("\n");
}
