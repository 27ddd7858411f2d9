import type { APIEmbed } from "discord.js";
import { isUserError, UserError } from "../core/errors.ts";
import type { PlayResult, TrackView } from "../music/types.ts";
import type { Playlist, StoredTrack } from "../store/types.ts";
import { safe, totalLength, trackLength, trackTitle } from "./format.ts";

/** Tracks per page of `playlist show`. */
export const PLAYLIST_PAGE_SIZE = 10;

/** A playlist name as shown in replies: bold and inert. */
export const shownName = (name: string): string => `**${safe(name, 64)}**`;

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A stored track in the shape the shared renderers take. */
export function viewOf(t: StoredTrack): TrackView {
  return {
    encoded: t.encoded,
    title: t.title || "Unknown title",
    author: t.author || "Unknown artist",
    uri: t.uri,
    durationMs: t.durationMs,
    isStream: t.isStream,
    isSeekable: t.isSeekable ?? !t.isStream,
    sourceName: t.sourceName,
    artworkUrl: t.artworkUrl ?? null,
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
      return new UserError(
        err.code,
        `You have no playlist called ${shownName(names.playlist)}. \`${prefix}playlist list\` shows yours.`,
        { cause: err },
      );
    case "PLAYLIST_EXISTS":
      return new UserError(
        err.code,
        `You already have a playlist called ${shownName(names.newName ?? names.playlist)}. Pick another name.`,
        { cause: err },
      );
    case "PLAYLIST_FULL":
      return new UserError(
        err.code,
        `${shownName(names.playlist)} is full${names.trackCount !== undefined ? ` (${plural(names.trackCount, "track")}, the most a playlist can hold)` : ""}. Remove some tracks first.`,
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
export function playlistPage(playlist: Playlist, requestedPage: number): APIEmbed {
  const pages = Math.max(1, Math.ceil(playlist.tracks.length / PLAYLIST_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, requestedPage));
  const start = (page - 1) * PLAYLIST_PAGE_SIZE;
  const lines = playlist.tracks.slice(start, start + PLAYLIST_PAGE_SIZE).map((t, i) => {
    const view = viewOf(t);
    return `${start + i + 1}. ${trackTitle(view)} (${trackLength(view)})`;
  });
  return {
    title: safe(playlist.name, 64),
    description: lines.length ? lines.join("\n") : "No tracks yet.",
    footer: {
      text: `Page ${page}/${pages} · ${plural(playlist.tracks.length, "track")} · ${totalLength(playlist.tracks)}`,
    },
  };
}

/** The owner's playlists with their track counts. */
export function playlistList(items: readonly { name: string; trackCount: number }[]): APIEmbed {
  return {
    title: "Your playlists",
    description: items.map((p) => `${shownName(p.name)} · ${plural(p.trackCount, "track")}`).join("\n"),
    footer: { text: plural(items.length, "playlist") },
  };
}

/** The answer to `playlist add`. */
export function describeAdded(
  name: string,
  offered: readonly TrackView[],
  result: { added: number; total: number },
  from: string | null,
): string {
  const [first] = offered;
  const what =
    result.added === 1 && offered.length === 1 && first
      ? trackTitle(first)
      : `**${result.added}** tracks${from ? ` from ${safe(from)}` : ""}`;
  const lines = [`Added ${what} to ${shownName(name)} (now ${plural(result.total, "track")}).`];
  const left = offered.length - result.added;
  if (left > 0) {
    lines.push(`${plural(left, "track")} did not fit: the playlist is full (${result.total} is the most it can hold).`);
  }
  return lines.join("\n");
}

/** The answer to `playlist load`. */
export function describeLoaded(name: string, result: PlayResult): string {
  const [first] = result.added;
  if (!first) throw new UserError("NO_RESULTS", "There is nothing to play in there.");
  const what = result.added.length === 1 ? trackTitle(first) : `**${result.added.length}** tracks`;
  const lines = [`Queued ${what} from your playlist ${shownName(name)} (${totalLength(result.added)}).`];
  if (result.startedPlaying) lines.push(`Now playing ${trackTitle(first)}.`);
  if (result.truncated > 0) {
    const n = result.truncated;
    lines.push(`${n === 1 ? "1 track was" : `${n} tracks were`} left out: the queue or playlist limit was reached.`);
  }
  return lines.join("\n");
}
