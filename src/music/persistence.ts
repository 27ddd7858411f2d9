import type { LavalinkManager, Player } from "lavalink-client";
import type { Clock, TimerHandle } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type { PersistedPlayer, QueueStore } from "../store/types.ts";
import { filterStateOf } from "./filter-ops.ts";
import type { LavalinkEvents } from "./lavalink-events.ts";
import { toStoredTrack } from "./stored-track.ts";

/** Players destroyed for these reasons keep their saved state: they are coming back. */
export const KEEP_STATE_REASONS: ReadonlySet<string> = new Set([
  "Shutdown",
  "NodeSessionLost",
  "RestoreVoiceTimeout",
  // The node refused the restored track: the saved state waits for the next attempt.
  "RestoreFailed",
  // The guild moves to the other engine, which picks the saved state up.
  "EngineHandover",
]);

export interface PersistenceDeps {
  manager: LavalinkManager;
  /** The manager's events, through Encore's one subscriber to them. */
  events: LavalinkEvents;
  queues: QueueStore;
  clock: Clock;
  logger: Logger;
  autoplayEnabled: (guildId: string) => boolean;
}

/**
 * Keeps every player's state in the queue store so a restart or a lost node costs no music: the whole state on
 * each queue change and track transition (coalesced per guild within one tick), the position on every node
 * update and at least every `positionIntervalMs` while playing, and node session ids for resuming.
 */
export class PlaybackPersistence {
  private readonly deps: PersistenceDeps;
  private readonly positionIntervalMs: number;
  private readonly dirty = new Set<string>();
  /** Guilds being restored from their saved state: it is not overwritten until the node accepted the restore. */
  private readonly held = new Set<string>();
  private flushScheduled = false;
  private timer: TimerHandle | null = null;
  private suspended = false;

  constructor(opts: { positionIntervalMs: number }, deps: PersistenceDeps) {
    this.positionIntervalMs = opts.positionIntervalMs;
    this.deps = deps;
  }

  start(): void {
    const m = this.deps.manager;
    const on = this.deps.events;
    const mark = (player: Player) => this.markDirty(player.guildId);
    on.onPlayer("trackStart", mark);
    on.onPlayer("trackEnd", mark);
    on.onPlayer("queueEnd", mark);
    on.onPlayer("playerMove", mark);
    on.onPlayer("playerClientUpdate", (_old, player) => mark(player));
    on.onPlayer("playerUpdate", (_old, player) => this.savePosition(player));
    on.onPlayer("playerDestroy", (player, reason) => {
      if (this.suspended || KEEP_STATE_REASONS.has(String(reason))) return;
      this.dirty.delete(player.guildId);
      try {
        this.deps.queues.delete(player.guildId);
      } catch (err) {
        this.deps.logger.warn({ err, guildId: player.guildId }, "could not forget the saved player");
      }
    });
    this.timer = this.deps.clock.setInterval(() => {
      for (const player of m.players.values()) if (player.playing && !player.paused) this.savePosition(player);
    }, this.positionIntervalMs);
    this.timer.unref?.();
  }

  /** Queue mutations (add, remove, move, shuffle, clear) call this through the client's queue watcher. */
  markDirty(guildId: string): void {
    if (this.suspended) return;
    this.dirty.add(guildId);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flushDirty();
    });
  }

  /**
   * A saved player is being rebuilt: its saved state stays as it is (no writes for the guild) until `release`. The
   * rebuild fills the player's queue before the node has accepted anything, and a failed attempt must not leave a
   * half-built player in the store in place of what was saved.
   */
  hold(guildId: string): void {
    this.held.add(guildId);
  }

  /** Ends `hold`: a restored player is saved as it now is; otherwise what was saved stays untouched. */
  release(guildId: string, restored: boolean): void {
    this.held.delete(guildId);
    if (restored) this.markDirty(guildId);
    else this.dirty.delete(guildId);
  }

  /** Writes the pending changes now. */
  flushDirty(): void {
    for (const guildId of [...this.dirty]) {
      if (this.held.has(guildId)) continue;
      this.dirty.delete(guildId);
      const player = this.deps.manager.getPlayer(guildId);
      if (player) this.saveNow(player);
    }
  }

  /** Shutdown: write everything and stop reacting, so destroying players afterwards keeps their saved state. */
  suspendAndSaveAll(): void {
    this.flushDirty();
    for (const player of this.deps.manager.players.values()) this.saveNow(player);
    this.suspended = true;
    this.stop();
  }

  stop(): void {
    if (this.timer) this.deps.clock.clearInterval(this.timer);
    this.timer = null;
  }

  snapshot(player: Player): PersistedPlayer | null {
    if (!player.voiceChannelId) return null;
    const now = this.deps.clock.now();
    return {
      guildId: player.guildId,
      voiceChannelId: player.voiceChannelId,
      textChannelId: player.textChannelId ?? null,
      nodeId: player.node?.id ?? null,
      nodeSessionId: player.node?.sessionId ?? null,
      current: player.queue.current ? toStoredTrack(player.queue.current) : null,
      positionMs: Math.max(0, Math.round(player.position)),
      positionAt: now,
      paused: player.paused,
      volume: player.volume,
      // Encore's presets; the node payload is derived from them on restore.
      filters: { presets: filterStateOf(player) },
      loop: player.repeatMode,
      autoplay: this.deps.autoplayEnabled(player.guildId),
      upcoming: player.queue.tracks.map(toStoredTrack),
      previous: player.queue.previous.map(toStoredTrack),
      updatedAt: now,
    };
  }

  private saveNow(player: Player): void {
    if (this.held.has(player.guildId)) return;
    try {
      const snap = this.snapshot(player);
      if (snap) this.deps.queues.save(snap);
    } catch (err) {
      this.deps.logger.warn({ err, guildId: player.guildId }, "could not save the player state");
    }
  }

  private savePosition(player: Player): void {
    if (this.suspended || !player.queue.current || this.held.has(player.guildId)) return;
    try {
      this.deps.queues.savePosition(player.guildId, Math.round(player.position), this.deps.clock.now(), player.paused);
    } catch (err) {
      this.deps.logger.warn({ err, guildId: player.guildId }, "could not save the position");
    }
  }
}
