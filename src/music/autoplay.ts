import type { LavalinkManager, Player, Track } from "lavalink-client";
import type { Logger } from "../core/logger.ts";
import type { PlayHistory } from "./history.ts";
import { identity } from "./history.ts";
import type { LoadedTracks } from "./search.ts";
import { toTrackView } from "./track-view.ts";
import { AUTOPLAY_REQUESTER, type AutoplayOps, type SearchSource } from "./types.ts";

export interface AutoplayDeps {
  manager: LavalinkManager;
  history: PlayHistory;
  /** Loads a query or URL through the breaker (the search service behind the music facade's guard). */
  load: (query: string, source?: SearchSource) => Promise<LoadedTracks>;
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
 * tracks, otherwise a search by the last track's artist — never one of the guild's last 50 plays.
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
    if (startNow && !player.queue.current) await player.play({ paused: false });
  }

  private async related(player: Player, seed: Track): Promise<Track | null> {
    const info = seed.info;
    const loaded =
      info.sourceName === "youtube" && info.identifier
        ? await this.deps.load(youtubeMixUrl(info.identifier))
        : await this.deps.load(info.author, info.sourceName === "soundcloud" ? "scsearch" : undefined);
    const taken = new Set(
      [player.queue.current, ...player.queue.tracks].filter(Boolean).map((t) => identity(toTrackView(t as Track))),
    );
    taken.add(identity(toTrackView(seed)));
    return (
      loaded.tracks.find((t) => {
        const view = toTrackView(t);
        return !taken.has(identity(view)) && !this.deps.history.has(player.guildId, view);
      }) ?? null
    );
  }
}
