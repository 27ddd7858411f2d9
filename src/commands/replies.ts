import { refusal } from "../i18n/refusals.ts";
import { type Translate, text } from "../i18n/translate.ts";
import { sourceLabel } from "../music/node-sources.ts";
import type { PlayRequest, PlayResult } from "../music/types.ts";
import { safe, totalLength, trackLength, trackTitle } from "../render/format.ts";
import { isDjOrAdmin } from "./permissions.ts";
import type { CommandContext } from "./types.ts";

export const sourceName = (source: string | null): string => safe(sourceLabel(source), 60);

/** Where the invoking member's music goes: their guild and voice channel, with the guild's queue settings. */
export function playTarget(ctx: CommandContext): Omit<PlayRequest, "query"> {
  const guildId = ctx.guildId;
  const voiceChannelId = ctx.voice.userChannelId();
  if (!guildId || !voiceChannelId) throw refusal("NOT_IN_VOICE");
  const settings = ctx.settings();
  return {
    guildId,
    voiceChannelId,
    textChannelId: ctx.channelId,
    requester: ctx.user,
    fair: settings.fairQueue,
    ...(settings.defaultSource ? { source: settings.defaultSource } : {}),
    ...(settings.maxQueueLength !== null ? { maxQueueLength: settings.maxQueueLength } : {}),
    ...(settings.maxTrackMinutes !== null ? { maxTrackMs: settings.maxTrackMinutes * 60_000 } : {}),
    ...(settings.defaultVolume !== null ? { defaultVolume: settings.defaultVolume } : {}),
    ...(settings.noDuplicates ? { noDuplicates: true } : {}),
    ...(settings.maxTracksPerMember !== null && !isDjOrAdmin(ctx)
      ? { maxTracksPerRequester: settings.maxTracksPerMember }
      : {}),
  };
}

/**
 * "Found on SoundCloud (YouTube failed: <the node's message>)." when a fallback source answered: which source
 * answered and why the first choice did not, the node's own words escaped so they cannot ping or format.
 */
export function fallbackNote(
  t: Translate,
  result: Pick<PlayResult, "source" | "fellBackFrom" | "fallbackReason">,
): string | null {
  if (!result.fellBackFrom) return null;
  // The reason's own parts are escaped where they come from (the node's words); the rest is the catalogue's.
  const reason = result.fallbackReason ?? text("play.sourceFoundNothing", { source: sourceLabel(result.fellBackFrom) });
  return t("play.foundOn", { source: sourceName(result.source), reason });
}

/** The answer to play, playnext and a search pick. */
export function describePlay(t: Translate, result: PlayResult, next = false): string {
  const first = result.added[0];
  if (!first) throw refusal("NO_RESULTS");
  const lines: string[] = [];
  const count = result.added.length;
  const length = totalLength(t, result.added);
  const track = trackTitle(t, first);
  if (result.playlistName !== null) {
    lines.push(t("play.queuedPlaylist", { count, name: safe(result.playlistName), length }));
  } else if (count > 1) {
    lines.push(t("play.queuedMany", { count, length, position: result.position }));
  } else if (result.startedPlaying) {
    lines.push(t("play.nowPlaying", { track, length: trackLength(t, first) }));
  } else if (next) {
    lines.push(t("play.queuedNext", { track, length: trackLength(t, first) }));
  } else {
    lines.push(t("play.queuedAt", { track, length: trackLength(t, first), position: result.position }));
  }
  const note = fallbackNote(t, result);
  if (note) lines.push(note);
  if (result.duplicates) lines.push(t("play.duplicatesLeftOut", { count: result.duplicates }));
  if (result.overMemberLimit) lines.push(t("play.memberLimitLeftOut", { count: result.overMemberLimit }));
  if (result.truncated > 0) lines.push(t("play.truncated", { count: result.truncated }));
  return lines.join("\n");
}

/** Parses "3" or "3-7" (also "3..7", "3 - 7") into an inclusive 1-based range. */
export function parseRange(text: string): { from: number; to: number } | null {
  const m = text.trim().match(/^(\d{1,6})(?:\s*(?:-|–|\.\.)\s*(\d{1,6}))?$/);
  if (!m?.[1]) return null;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  if (a < 1 || b < 1) return null;
  return { from: Math.min(a, b), to: Math.max(a, b) };
}

/** Splits long text into pages of at most `size` characters, breaking at line ends where possible. */
export function pageText(text: string, size: number): string[] {
  const pages: string[] = [];
  let page = "";
  for (const line of text.split("\n")) {
    let rest = line;
    while (rest.length > size) {
      if (page) pages.push(page);
      page = "";
      pages.push(rest.slice(0, size));
      rest = rest.slice(size);
    }
    const candidate = page ? `${page}\n${rest}` : rest;
    if (candidate.length > size) {
      pages.push(page);
      page = rest;
    } else {
      page = candidate;
    }
  }
  if (page || pages.length === 0) pages.push(page);
  return pages;
}
