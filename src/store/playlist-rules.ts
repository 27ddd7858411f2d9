import { UserError } from "../core/errors.ts";
import type { StoredTrack } from "./types.ts";

/** Rules for saved playlists shared by every store backend. */

export const PLAYLIST_NAME_MAX_LENGTH = 32;

/**
 * Checks a playlist name and returns it trimmed.
 * @throws UserError "BAD_ARGUMENT" when it is empty, longer than 32 characters or holds control characters
 */
export function validPlaylistName(name: string): string {
  const trimmed = typeof name === "string" ? name.trim() : "";
  const length = [...trimmed].length;
  if (length < 1 || length > PLAYLIST_NAME_MAX_LENGTH || hasControlCharacter(trimmed)) {
    throw new UserError(
      "BAD_ARGUMENT",
      `Playlist names must be 1 to ${PLAYLIST_NAME_MAX_LENGTH} characters long, without line breaks.`,
    );
  }
  return trimmed;
}

/** The key names are matched by: trimmed, Unicode-normalised, case-folded ("Chill" and "chill " are the same). */
export function playlistNameKey(name: string): string {
  return String(name).trim().normalize("NFKC").toLowerCase();
}

/**
 * Checks 1-based inclusive positions against a playlist of `count` tracks.
 * @returns 0-based offset and number of tracks
 * @throws UserError "BAD_ARGUMENT" when they are not whole numbers within 1..count, or `to` is before `from`
 */
export function trackRange(count: number, from: number, to: number = from): { offset: number; length: number } {
  if (count === 0) throw new UserError("BAD_ARGUMENT", "That playlist has no tracks to remove.");
  const valid = Number.isInteger(from) && Number.isInteger(to) && from >= 1 && to >= from && to <= count;
  if (!valid) {
    throw new UserError(
      "BAD_ARGUMENT",
      count === 1
        ? "That playlist has one track: the only position is 1."
        : `Positions must be whole numbers from 1 to ${count}, the first no greater than the last.`,
    );
  }
  return { offset: from - 1, length: to - from + 1 };
}

/**
 * A copy of `track` holding only the fields of {@link StoredTrack}, so stray properties of a richer track object
 * (e.g. a full Lavalink track) are not stored.
 * @throws UserError "BAD_ARGUMENT" when the track has no encoded form
 */
export function storableTrack(track: StoredTrack): StoredTrack {
  if (typeof track?.encoded !== "string" || track.encoded.length === 0) {
    throw new UserError("BAD_ARGUMENT", "That track cannot be saved.");
  }
  const out: StoredTrack = {
    encoded: track.encoded,
    title: String(track.title ?? ""),
    author: String(track.author ?? ""),
    uri: track.uri ?? null,
    durationMs: Number(track.durationMs) || 0,
    sourceName: String(track.sourceName ?? ""),
    isStream: Boolean(track.isStream),
  };
  if (typeof track.identifier === "string") out.identifier = track.identifier;
  if (track.isSeekable !== undefined) out.isSeekable = track.isSeekable;
  if (track.artworkUrl !== undefined) out.artworkUrl = track.artworkUrl;
  if (track.requester !== undefined) {
    out.requester = track.requester && { id: track.requester.id, username: track.requester.username };
  }
  return out;
}

/** C0 control characters (line breaks, tabs, NUL…) and DEL. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
