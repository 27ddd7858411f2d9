import { userError } from "../i18n/translate.ts";
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
    throw userError("BAD_ARGUMENT", "store.playlistName", { max: PLAYLIST_NAME_MAX_LENGTH });
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
  if (count === 0) throw userError("BAD_ARGUMENT", "store.noTracksToRemove");
  const valid = Number.isInteger(from) && Number.isInteger(to) && from >= 1 && to >= from && to <= count;
  if (!valid) {
    throw count === 1
      ? userError("BAD_ARGUMENT", "store.onlyPositionOne")
      : userError("BAD_ARGUMENT", "store.positions", { count });
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
    throw userError("BAD_ARGUMENT", "store.cannotSave");
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
