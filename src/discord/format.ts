import { escapeMarkdown } from "discord.js";
import type { TrackView } from "../music/types.ts";

/** 65000 → "1:05", 3723000 → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/**
 * Makes user or track text inert: markdown escaped, mass mentions broken with a zero-width space, links in
 * square brackets neutralised. Replies also send `allowed_mentions: { parse: [] }`, so nothing pings either way.
 */
export function safe(text: string, maxLength = 256): string {
  const clipped = text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
  return escapeMarkdown(clipped)
    .replace(/@(everyone|here)/gi, "@\u200b$1")
    .replace(/<@/g, "<\u200b@")
    .replace(/[[\]]/g, (c) => `\\${c}`);
}

export function trackTitle(track: TrackView): string {
  return `**${safe(track.title)}** by ${safe(track.author, 100)}`;
}

export function trackLength(track: TrackView): string {
  return track.isStream ? "live" : formatDuration(track.durationMs);
}

/** ▬▬▬🔘▬▬▬ style bar; `width` cells. */
export function progressBar(positionMs: number, lengthMs: number, width = 16): string {
  if (lengthMs <= 0) return "🔴 live";
  const ratio = Math.min(1, Math.max(0, positionMs / lengthMs));
  const at = Math.min(width - 1, Math.floor(ratio * width));
  return `${"▬".repeat(at)}🔘${"▬".repeat(width - at - 1)}`;
}
