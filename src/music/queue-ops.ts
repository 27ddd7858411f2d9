import type { LavalinkManager, Player, Track } from "lavalink-client";
import { refusal } from "../i18n/refusals.ts";
import { userError } from "../i18n/translate.ts";
import { patchPlayer } from "./node-patch.ts";
import { playTrack, skipTrack } from "./player-updates.ts";
import { toTrackView } from "./track-view.ts";
import type { LoopMode, QueueOps, TrackView } from "./types.ts";

export interface QueueOpsDeps {
  manager: LavalinkManager;
  guard: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Called after the upcoming queue may have become empty (autoplay refills it). */
  queueEmptied: (guildId: string) => void;
  /** Called after a change the now-playing message shows (loop mode). */
  changed: (guildId: string) => void;
}

const noPlayer = () => refusal("NO_PLAYER");

/** Queue editing: remove, move, clear, shuffle, skip-to, previous, replay, loop. Positions are 1-based. */
export class PlayerQueueOps implements QueueOps {
  private readonly deps: QueueOpsDeps;

  constructor(deps: QueueOpsDeps) {
    this.deps = deps;
  }

  private player(guildId: string): Player {
    const player = this.deps.manager.getPlayer(guildId);
    if (!player) throw noPlayer();
    return player;
  }

  private position(player: Player, n: number, what: "position" | "track" | "targetPosition" = "position"): number {
    const size = player.queue.tracks.length;
    if (size === 0) throw refusal("QUEUE_EMPTY");
    if (!Number.isInteger(n) || n < 1 || n > size) {
      throw userError("BAD_ARGUMENT", `music.notInQueue.${what}`, { size });
    }
    return n - 1;
  }

  async remove(guildId: string, from: number, to = from): Promise<TrackView[]> {
    const player = this.player(guildId);
    const start = this.position(player, Math.min(from, to));
    const end = this.position(player, Math.max(from, to));
    const removed = player.queue.tracks.slice(start, end + 1).map(toTrackView);
    await player.queue.splice(start, end - start + 1);
    this.deps.queueEmptied(guildId);
    return removed;
  }

  async move(guildId: string, from: number, to: number): Promise<TrackView> {
    const player = this.player(guildId);
    const a = this.position(player, from);
    const b = this.position(player, to, "targetPosition");
    const [track] = player.queue.tracks.splice(a, 1);
    if (!track) throw userError("BAD_ARGUMENT", "music.positionNotInQueue");
    // add() inserts before index b, or appends when b is the (shortened) queue's length: either way it lands at b.
    await player.queue.add(track, b);
    return toTrackView(track);
  }

  async clear(guildId: string): Promise<number> {
    const player = this.player(guildId);
    const count = player.queue.tracks.length;
    if (count > 0) await player.queue.splice(0, count);
    this.deps.queueEmptied(guildId);
    return count;
  }

  async shuffle(guildId: string): Promise<number> {
    const player = this.player(guildId);
    if (player.queue.tracks.length < 2) throw userError("QUEUE_TOO_SHORT", "music.nothingToShuffle");
    return player.queue.shuffle();
  }

  async skipTo(guildId: string, n: number): Promise<TrackView> {
    const player = this.player(guildId);
    if (!player.queue.current) throw noPlayer();
    const index = this.position(player, n);
    const target = player.queue.tracks[index] as Track;
    await this.deps.guard(() => skipTrack(player, index + 1));
    return toTrackView(target);
  }

  async previous(guildId: string): Promise<TrackView> {
    const player = this.player(guildId);
    const previous = player.queue.previous[0] as Track | undefined;
    if (!previous) throw userError("NO_PREVIOUS", "music.noPrevious");
    await this.deps.guard(async () => {
      await player.queue.shiftPrevious();
      const current = player.queue.current;
      if (current) await player.queue.add(current, 0);
      try {
        await playTrack(player, previous);
      } catch (err) {
        // Nothing moves if the node failed: the current track leaves the queue again, the previous one goes back.
        if (current) await player.queue.splice(0, 1);
        player.queue.previous.unshift(previous);
        await player.queue.utils.save();
        throw err;
      }
    });
    return toTrackView(previous);
  }

  async replay(guildId: string): Promise<TrackView> {
    const player = this.player(guildId);
    const current = player.queue.current;
    if (!current) throw noPlayer();
    if (current.info.isStream || !current.info.isSeekable) {
      throw userError("NOT_SEEKABLE", "music.cannotRestart");
    }
    await this.deps.guard(async () => {
      await patchPlayer(player, { position: 0 });
      player.lastPosition = 0;
    });
    return toTrackView(current);
  }

  async removeWhere(
    guildId: string,
    pred: (track: TrackView, index: number, upcoming: readonly TrackView[]) => boolean,
  ): Promise<TrackView[]> {
    const player = this.player(guildId);
    const views = player.queue.tracks.map(toTrackView);
    const doomed = views.map((t, i) => (pred(t, i, views) ? i : -1)).filter((i) => i >= 0);
    if (doomed.length === 0) return [];
    await player.queue.remove(doomed);
    this.deps.queueEmptied(guildId);
    return doomed.map((i) => views[i] as TrackView);
  }

  async setLoop(guildId: string, mode: LoopMode): Promise<void> {
    const player = this.player(guildId);
    await player.setRepeatMode(mode);
    this.deps.changed(guildId);
  }
}
