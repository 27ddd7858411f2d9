import { userError } from "../../i18n/translate.ts";
import { shuffleInPlace } from "../shuffle.ts";
import type { PlayRequest, PlayResult } from "../types.ts";
import type { GuildPlayer } from "./guild-player.ts";
import { type EmbeddedTrack, toView } from "./track.ts";

/**
 * Adds tracks to a joined guild player: applies the queue and track-length limits, stamps the requester and starts
 * an idle player. `dropped` counts tracks the caller left out.
 */
export async function enqueueOnPlayer(
  p: GuildPlayer,
  req: Omit<PlayRequest, "query">,
  wanted: EmbeddedTrack[],
  dropped: number,
  opts: { maxQueueLength: number; changed(guildId: string): void },
): Promise<PlayResult> {
  const limit = req.maxQueueLength ?? opts.maxQueueLength;
  const room = Math.max(0, limit - p.upcoming.length);
  if (room === 0) throw userError("QUEUE_FULL", "music.queueFull", { limit });
  const fits = (t: EmbeddedTrack) => req.maxTrackMs === undefined || t.isStream || t.durationMs <= req.maxTrackMs;
  const allowed = wanted.filter(fits);
  if (allowed.length === 0) {
    const minutes = Math.round((req.maxTrackMs ?? 0) / 60_000);
    throw userError("TRACK_TOO_LONG", "music.trackTooLong", { minutes });
  }
  const tracks = allowed.slice(0, room).map((t) => ({ ...t, requester: req.requester }));
  if (req.shuffle) shuffleInPlace(tracks);
  const idle = !p.current;
  if (req.next) p.upcoming.unshift(...tracks);
  else p.upcoming.push(...tracks);
  const position = idle ? 0 : p.upcoming.indexOf(tracks[0] as EmbeddedTrack) + 1;
  if (idle) await p.advance(false);
  else opts.changed(p.guildId);
  return {
    added: tracks.map(toView),
    playlistName: null,
    startedPlaying: idle,
    position,
    truncated: dropped + wanted.length - Math.min(allowed.length, room),
    source: null,
    fellBackFrom: null,
    fallbackReason: null,
  };
}
