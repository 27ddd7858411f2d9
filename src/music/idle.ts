import type { LavalinkManager, Player } from "lavalink-client";
import type { Clock, TimerHandle } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type { GuildSettings } from "../store/types.ts";

export interface IdleDeps {
  manager: LavalinkManager;
  clock: Clock;
  logger: Logger;
  settingsFor: (guildId: string) => Readonly<GuildSettings>;
  /** Non-bot members in a voice channel, from Discord's voice states. */
  listeners: (guildId: string, channelId: string) => number;
}

interface GuildTimers {
  alone?: TimerHandle;
  queueEnd?: TimerHandle;
  pausedWhileAlone?: boolean;
}

/**
 * Leaves or pauses when nobody listens, and leaves after the queue has been over for a while, all per guild
 * settings; 24/7 guilds never leave on their own.
 */
export class IdleWatcher {
  private readonly deps: IdleDeps;
  private readonly timers = new Map<string, GuildTimers>();

  constructor(deps: IdleDeps) {
    this.deps = deps;
  }

  start(): void {
    const m = this.deps.manager;
    const check = (player: Player) => this.evaluate(player.guildId);
    m.on("playerVoiceJoin", check);
    m.on("playerVoiceLeave", check);
    m.on("playerMove", check);
    m.on("playerCreate", check);
    m.on("trackStart", (player) => {
      this.clear(player.guildId, "queueEnd");
      this.evaluate(player.guildId);
    });
    m.on("queueEnd", (player) => this.onQueueEnd(player));
    m.on("playerDestroy", (player) => this.forget(player.guildId));
  }

  /** Re-checks a guild; also called when settings change. */
  evaluate(guildId: string): void {
    const player = this.deps.manager.getPlayer(guildId);
    if (!player?.voiceChannelId) return;
    const settings = this.deps.settingsFor(guildId);
    const state = this.state(guildId);
    if (settings.twentyFourSeven) {
      this.clear(guildId, "alone");
      this.clear(guildId, "queueEnd");
      return;
    }
    const alone = this.deps.listeners(guildId, player.voiceChannelId) === 0;
    if (!alone) {
      this.clear(guildId, "alone");
      if (state.pausedWhileAlone) {
        state.pausedWhileAlone = false;
        if (player.paused) void player.resume().catch((err: unknown) => this.warn(err, guildId, "resume"));
      }
      return;
    }
    if (settings.pauseWhenAlone && player.playing && !player.paused) {
      state.pausedWhileAlone = true;
      void player.pause().catch((err: unknown) => this.warn(err, guildId, "pause"));
    }
    if (!state.alone) {
      state.alone = this.deps.clock.setTimeout(() => {
        state.alone = undefined;
        this.leave(guildId, "AloneTimeout");
      }, settings.aloneLeaveSeconds * 1000);
      state.alone.unref?.();
    }
  }

  private onQueueEnd(player: Player): void {
    const settings = this.deps.settingsFor(player.guildId);
    if (settings.twentyFourSeven) return;
    const state = this.state(player.guildId);
    this.clear(player.guildId, "queueEnd");
    state.queueEnd = this.deps.clock.setTimeout(() => {
      state.queueEnd = undefined;
      const p = this.deps.manager.getPlayer(player.guildId);
      if (p && !p.queue.current && !p.playing) this.leave(player.guildId, "QueueEndTimeout");
    }, settings.queueEndLeaveSeconds * 1000);
    state.queueEnd.unref?.();
  }

  private leave(guildId: string, reason: string): void {
    const player = this.deps.manager.getPlayer(guildId);
    if (!player || this.deps.settingsFor(guildId).twentyFourSeven) return;
    this.deps.logger.info({ guildId, reason }, "leaving the voice channel");
    void player.destroy(reason).catch((err: unknown) => this.warn(err, guildId, "leave"));
  }

  private state(guildId: string): GuildTimers {
    let s = this.timers.get(guildId);
    if (!s) {
      s = {};
      this.timers.set(guildId, s);
    }
    return s;
  }

  private clear(guildId: string, which: "alone" | "queueEnd"): void {
    const s = this.timers.get(guildId);
    const t = s?.[which];
    if (s && t) {
      this.deps.clock.clearTimeout(t);
      s[which] = undefined;
    }
  }

  private forget(guildId: string): void {
    this.clear(guildId, "alone");
    this.clear(guildId, "queueEnd");
    this.timers.delete(guildId);
  }

  stop(): void {
    for (const guildId of [...this.timers.keys()]) this.forget(guildId);
  }

  private warn(err: unknown, guildId: string, what: string): void {
    this.deps.logger.warn({ err, guildId }, `idle ${what} failed`);
  }
}
