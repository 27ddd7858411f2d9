import { safe } from "../core/safe-text.ts";
import type { Translate } from "../i18n/translate.ts";
import type { TrackView } from "../music/types.ts";

/** Escaping of user and track text lives in core/ (music uses it for node error text); render re-exports it. */
export { safe };

/** 65000 → "1:05", 3723000 → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

export function trackTitle(t: Translate, track: TrackView): string {
  return t("track.title", { title: safe(track.title), author: safe(track.author, 100) });
}

type Timed = Pick<TrackView, "isStream" | "durationMs">;

/** Whether a track has a length: live streams have none, and some sources report none (a length of 0). */
export function hasKnownLength(track: Timed): boolean {
  return !track.isStream && track.durationMs > 0;
}

/** "3:32", or "live", or "unknown length": the same words wherever a track's length is shown. */
export function trackLength(t: Translate, track: Timed): string {
  if (track.isStream) return t("track.live");
  return track.durationMs > 0 ? formatDuration(track.durationMs) : t("track.unknownLength");
}

/** The total length of some tracks; "at least …" when some of them have no known length. */
export function totalLength(t: Translate, tracks: readonly Timed[]): string {
  const known = tracks.filter(hasKnownLength);
  const sum = formatDuration(known.reduce((total, t) => total + t.durationMs, 0));
  return known.length === tracks.length ? sum : t("track.atLeast", { length: sum });
}

/**
 * The progress line of the current track: a bar with "1:05 / 3:32", or, for a track without a known length,
 * "🔴 live · 0:02 played" or "unknown length · 0:02 played" (never a bar over a length of 0:00).
 */
export function progressLine(t: Translate, track: Timed, positionMs: number): string {
  const played = formatDuration(positionMs);
  if (!hasKnownLength(track)) {
    return t("track.played", { state: track.isStream ? t("track.liveState") : t("track.unknownLength"), played });
  }
  return `${progressBar(positionMs, track.durationMs)} ${played} / ${formatDuration(track.durationMs)}`;
}

/** ▬▬▬🔘▬▬▬ style bar; `width` cells. */
export function progressBar(positionMs: number, lengthMs: number, width = 16): string {
  if (lengthMs <= 0) return "▬".repeat(width);
  const ratio = Math.min(1, Math.max(0, positionMs / lengthMs));
  const at = Math.min(width - 1, Math.floor(ratio * width));
  return `${"▬".repeat(at)}🔘${"▬".repeat(width - at - 1)}`;
}
