import type { LavalinkManager, Player, Track } from "lavalink-client";
import type { Logger } from "../core/logger.ts";
import type { PlayHistory } from "./history.ts";
import { startNext } from "./player-updates.ts";
import type { LoadedTracks } from "./search.ts";
import { toTrackView } from "./track-view.ts";
import { AUTOPLAY_REQUESTER, type AutoplayOps, type SearchSource, type TrackView } from "./types.ts";

export interface AutoplayDeps {
  manager: LavalinkManager;
  history: PlayHistory;
  /** Loads a query or URL through the breaker (the search service behind the music facade's guard). */
  load: (query: string, source?: SearchSource) => Promise<LoadedTracks>;
  /** Runs a node call through the circuit breaker (refuses at once while it is open). */
  guard: <T>(fn: () => Promise<T>) => Promise<T>;
  logger: Logger;
  /** Autoplay was turned on or off (the now-playing message shows it). */
  changed?: (guildId: string) => void;
}

/** The YouTube "mix" (radio) playlist seeded by a video. */
export const youtubeMixUrl = (videoId: string): string =>
  `https://www.youtube.com/watch?v=${videoId}&list=RD${videoId}`;

export const isAutoplayTrack = (t: { requester?: unknown; userData?: Record<string, unknown> }): boolean => {
  const r = (t.userData?.requester ?? t.requester) as { id?: unknown } | undefined;
  return r?.id === AUTOPLAY_REQUESTER.id;
};

/**
 * Autoplay: when the queue runs out, a related track follows — the YouTube mix of the last track for YouTube
 * tracks, otherwise a search by the last track's artist — never the current track, anything queued or one of the
 * guild's last {@link AUTOPLAY_NO_REPEAT} plays (by source id and link).
 *
 * The related track is resolved and queued as soon as the queue is empty while something plays (on track start,
 * when autoplay is turned on, after the queue is cleared), so it is ready before the current track ends and there
 * is no gap. `onQueueEnd` is the fallback when that could not happen in time.
 */
export class Autoplay implements AutoplayOps {
  private readonly deps: AutoplayDeps;
  private readonly enabled = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(deps: AutoplayDeps) {
    this.deps = deps;
  }

  isEnabled(guildId: string): boolean {
    return this.enabled.has(guildId);
  }

  async setEnabled(guildId: string, on: boolean): Promise<void> {
    if (!on) {
      this.enabled.delete(guildId);
      this.deps.changed?.(guildId);
      const player = this.deps.manager.getPlayer(guildId);
      if (player) {
        const queued = player.queue.tracks.map((t, i) => (isAutoplayTrack(t) ? i : -1)).filter((i) => i >= 0);
        if (queued.length > 0) await player.queue.remove(queued);
      }
      return;
    }
    this.enabled.add(guildId);
    this.deps.changed?.(guildId);
    await this.ensure(guildId);
  }

  /** Forgets the guild (player destroyed). */
  forget(guildId: string): void {
    this.enabled.delete(guildId);
  }

  /** Queues a related track now if autoplay is on, something plays and nothing else is queued. */
  ensure(guildId: string): Promise<void> {
    const player = this.deps.manager.getPlayer(guildId);
    if (!player || !this.enabled.has(guildId) || player.queue.tracks.length > 0 || !player.queue.current) {
      return Promise.resolve();
    }
    return this.once(guildId, () => this.queueRelated(player, player.queue.current as Track, false));
  }

  /** The queue ended naturally with nothing prefetched: queue a related track and start it. */
  onQueueEnd(guildId: string, lastTrack: Track | null): Promise<void> {
    const player = this.deps.manager.getPlayer(guildId);
    const seed = lastTrack ?? (player?.queue.previous[0] as Track | undefined) ?? null;
    if (!player || !seed || !this.enabled.has(guildId) || player.queue.current) return Promise.resolve();
    return this.once(guildId, () => this.queueRelated(player, seed, true));
  }

  private once(guildId: string, task: () => Promise<void>): Promise<void> {
    const running = this.inFlight.get(guildId);
    if (running) return running;
    const p = task()
      .catch((err: unknown) => this.deps.logger.warn({ err, guildId }, "autoplay could not find a related track"))
      .finally(() => this.inFlight.delete(guildId));
    this.inFlight.set(guildId, p);
    return p;
  }

  private async queueRelated(player: Player, seed: Track, startNow: boolean): Promise<void> {
    const next = await this.related(player, seed);
    if (!next) {
      this.deps.logger.info({ guildId: player.guildId }, "autoplay found nothing new to play");
      return;
    }
    // The user may have queued something meanwhile; their tracks win.
    if (!startNow && player.queue.tracks.length > 0) return;
    await player.queue.add(this.deps.manager.utils.buildTrack(next, AUTOPLAY_REQUESTER));
    if (startNow && !player.queue.current) await this.deps.guard(() => startNext(player));
  }

  private async related(player: Player, seed: Track): Promise<Track | null> {
    const info = seed.info;
    const loaded =
      info.sourceName === "youtube" && info.identifier
        ? await this.deps.load(youtubeMixUrl(info.identifier))
        : await this.deps.load(info.author, info.sourceName === "soundcloud" ? "scsearch" : undefined);
    // A mix starts with its seed, and the same song comes back under other links (youtu.be, music.youtube.com):
    // compare by source id and link, against the seed, the queue and the guild's recent plays.
    const avoid = new Set<string>();
    const recent = this.deps.history.list(player.guildId).slice(0, AUTOPLAY_NO_REPEAT);
    const current = [seed, player.queue.current, ...player.queue.tracks].filter((t): t is Track => Boolean(t));
    for (const view of [...current.map((t) => toTrackView(t)), ...recent]) {
      for (const key of replayKeys(view)) avoid.add(key);
    }
    return loaded.tracks.find((t) => !replayKeys(toTrackView(t)).some((k) => avoid.has(k))) ?? null;
  }
}

/** Autoplay never picks the current track or any of the guild's last this many plays. */
export const AUTOPLAY_NO_REPEAT = 20;

/** The YouTube video id in a watch, short, shorts or YouTube Music link. */
function youtubeVideoId(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase().replace(/^(www|m|music)\./, "");
  if (host === "youtu.be") return url.pathname.slice(1).split("/")[0] || null;
  if (host !== "youtube.com") return null;
  const shorts = /^\/shorts\/([\w-]+)/.exec(url.pathname);
  return url.searchParams.get("v") || shorts?.[1] || null;
}

/**
 * Every key a track is known by: its source's own id, the YouTube video id in its link, and its link. Two tracks
 * that share any key are the same song for autoplay.
 */
export function replayKeys(t: Pick<TrackView, "identifier" | "sourceName" | "uri" | "title" | "author">): string[] {
  const keys: string[] = [];
  if (t.identifier) keys.push(`${t.sourceName}:${t.identifier}`);
  const uri = t.uri?.trim();
  if (uri) {
    const video = youtubeVideoId(uri);
    if (video) keys.push(`youtube:${video}`);
    keys.push(`uri:${uri.toLowerCase()}`);
  }
  if (keys.length === 0) keys.push(`text:${t.title.toLowerCase()}\u0000${t.author.toLowerCase()}`);
  return keys;
}
