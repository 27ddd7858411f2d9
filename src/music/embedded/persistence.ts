import type { Clock, TimerHandle } from "../../core/clock.ts";
import type { Logger } from "../../core/logger.ts";
import type { GuildSettings, PersistedPlayer, QueueStore } from "../../store/types.ts";
import { type FilterState, NO_FILTERS } from "../filters.ts";
import { KEEP_STATE_REASONS } from "../persistence.ts";
import type { EmbeddedEngine } from "./embedded-engine.ts";
import type { GuildPlayer } from "./guild-player.ts";
import { fromStored, toStored } from "./track.ts";

/** `nodeId` of players saved by the embedded engine. */
export const EMBEDDED_NODE_ID = "embedded";

export interface EmbeddedPersistenceDeps {
  engine: EmbeddedEngine;
  queues: QueueStore;
  clock: Clock;
  logger: Logger;
  settingsFor: (guildId: string) => Readonly<GuildSettings>;
}

/** The player's state in the shape the Lavalink engine saves too, so either engine can pick it up. */
export function persistedOf(p: GuildPlayer, now: number): PersistedPlayer {
  return {
    guildId: p.guildId,
    voiceChannelId: p.voiceChannelId,
    textChannelId: p.textChannelId,
    nodeId: EMBEDDED_NODE_ID,
    nodeSessionId: null,
    current: p.current ? toStored(p.current) : null,
    positionMs: Math.max(0, Math.round(p.position())),
    positionAt: now,
    paused: p.paused,
    volume: p.volume,
    filters: { presets: p.filters },
    loop: p.loop,
    autoplay: false,
    upcoming: p.upcoming.map(toStored),
    previous: p.previous.map(toStored),
    updatedAt: now,
  };
}

/**
 * Keeps the embedded engine's players in the queue store (on every change, and the position every
 * `positionIntervalMs` while playing) and brings them back after a restart at the saved position.
 */
export class EmbeddedPersistence {
  private readonly deps: EmbeddedPersistenceDeps;
  private readonly intervalMs: number;
  private readonly dirty = new Set<string>();
  private timer: TimerHandle | null = null;
  private suspended = false;
  private flushQueued = false;
  private unwatch: (() => void) | null = null;

  constructor(opts: { positionIntervalMs: number }, deps: EmbeddedPersistenceDeps) {
    this.intervalMs = opts.positionIntervalMs;
    this.deps = deps;
  }

  start(): void {
    this.unwatch = this.deps.engine.watchLifecycle({
      changed: (guildId) => this.markDirty(guildId),
      destroyed: (guildId, reason) => {
        if (this.suspended || KEEP_STATE_REASONS.has(reason)) return;
        this.dirty.delete(guildId);
        this.guarded(guildId, () => this.deps.queues.delete(guildId));
      },
    });
    this.timer = this.deps.clock.setInterval(() => {
      for (const guildId of this.deps.engine.guildIds()) {
        const p = this.deps.engine.player(guildId);
        if (p?.current && !p.paused) {
          this.guarded(guildId, () =>
            this.deps.queues.savePosition(guildId, Math.round(p.position()), this.deps.clock.now(), false),
          );
        }
      }
    }, this.intervalMs);
    this.timer.unref?.();
  }

  markDirty(guildId: string): void {
    if (this.suspended) return;
    this.dirty.add(guildId);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      for (const g of [...this.dirty]) this.saveNow(g);
    });
  }

  saveNow(guildId: string): void {
    this.dirty.delete(guildId);
    const p = this.deps.engine.player(guildId);
    if (p) this.guarded(guildId, () => this.deps.queues.save(persistedOf(p, this.deps.clock.now())));
  }

  /** Shutdown: save every player and stop reacting, so destroying them keeps their saved state. */
  suspendAndSaveAll(): void {
    for (const guildId of this.deps.engine.guildIds()) this.saveNow(guildId);
    this.suspended = true;
    this.unwatch?.();
    this.unwatch = null;
    if (this.timer) this.deps.clock.clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Brings saved players back on this engine: rejoins the channel and restarts the current track at the saved
   * position (paused if it was). `which` picks the saved players to take. Players whose tracks this engine cannot
   * play are left in the store.
   */
  async restore(which: (saved: PersistedPlayer) => boolean): Promise<number> {
    let restored = 0;
    for (const saved of this.deps.queues.all()) {
      if (!which(saved) || this.deps.engine.hasPlayer(saved.guildId)) continue;
      try {
        if (await this.restoreOne(saved)) restored++;
      } catch (err) {
        this.deps.logger.warn({ err, guildId: saved.guildId }, "could not restore a saved player");
      }
    }
    return restored;
  }

  async restoreOne(saved: PersistedPlayer): Promise<boolean> {
    const tools = (t: Parameters<typeof fromStored>[0]) => fromStored(t, this.deps.engine.canUseYtDlp());
    const current = saved.current ? tools(saved.current) : null;
    const upcoming = saved.upcoming.map(tools).filter((t) => t !== null);
    if (!current && upcoming.length === 0 && !this.deps.settingsFor(saved.guildId).twentyFourSeven) return false;
    const p = await this.deps.engine.adopt({
      guildId: saved.guildId,
      voiceChannelId: saved.voiceChannelId,
      textChannelId: saved.textChannelId,
      defaultVolume: saved.volume,
    });
    p.upcoming = upcoming;
    p.previous = saved.previous.map(tools).filter((t) => t !== null);
    p.loop = saved.loop;
    p.volume = saved.volume;
    p.filters = savedPresets(saved.filters);
    p.paused = saved.paused && current !== null;
    if (current) {
      p.current = current;
      const length = current.durationMs;
      const position = current.isStream || length <= 0 ? 0 : Math.min(saved.positionMs, Math.max(0, length - 1000));
      await p.start(position, false);
      this.deps.logger.info({ guildId: saved.guildId, position }, "restored playback on the embedded engine");
    } else if (p.upcoming.length > 0) {
      await p.advance(false);
    }
    return true;
  }

  private guarded(guildId: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.logger.warn({ err, guildId }, "could not save the player state");
    }
  }
}

function savedPresets(filters: unknown): FilterState {
  const presets = (filters as { presets?: unknown } | null)?.presets;
  return presets && typeof presets === "object" ? { ...NO_FILTERS, ...(presets as Partial<FilterState>) } : NO_FILTERS;
}
