import type { Player } from "lavalink-client";
import type { Clock, TimerHandle } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type { GuildSettings, SettingsStore } from "../store/types.ts";
import type { PlayerEvents } from "./player-events.ts";
import { setPaused } from "./player-updates.ts";

/** The parts of a player the idle rules read and drive (a lavalink-client player has this shape). */
export interface IdlePlayer {
  readonly guildId: string;
  readonly voiceChannelId: string | null | undefined;
  readonly queue: { readonly current: unknown };
  readonly paused: boolean;
  pause(): Promise<unknown>;
  resume(): Promise<unknown>;
  destroy(reason: string): Promise<unknown>;
}

/** The guild's player, whichever engine has it. */
export interface IdlePlayers {
  getPlayer(guildId: string): IdlePlayer | undefined;
}

export interface IdleDeps {
  manager: IdlePlayers;
  /** Player events of every engine (player created, track start, queue end, player gone). */
  events: PlayerEvents;
  clock: Clock;
  logger: Logger;
  settingsFor: (guildId: string) => Readonly<GuildSettings>;
  /** Non-bot members in a voice channel, from Discord's voice states. */
  listeners: (guildId: string, channelId: string) => number;
  /** After a leave the engine refused (node unavailable), try again this much later (doubling while refused). */
  retryMs?: number;
}

/**
 * A lavalink-client player as the idle rules drive it: its pause, resume and leave are node calls, so they run
 * through `guard` (the circuit breaker) like every other node call and are refused at once while it is open.
 */
export function guardedIdlePlayer(player: Player, guard: <T>(fn: () => Promise<T>) => Promise<T>): IdlePlayer {
  return {
    guildId: player.guildId,
    get voiceChannelId() {
      return player.voiceChannelId;
    },
    get queue() {
      return player.queue;
    },
    get paused() {
      return player.paused;
    },
    pause: () => guard(() => setPaused(player, true)),
    resume: () => guard(() => setPaused(player, false)),
    destroy: (reason) => guard(() => player.destroy(reason)),
  };
}

type Rule = "alone" | "queueEnd";

interface RuleState {
  /** When the condition (alone / queue over) started to hold; the deadline is counted from here. */
  since: number;
  timer?: TimerHandle;
  /** When `timer` fires. */
  due?: number;
}

interface GuildState {
  alone?: RuleState;
  queueEnd?: RuleState;
  /** Encore paused the player because nobody listened: it resumes it when someone comes back. */
  pausedWhileAlone?: boolean;
  /** A leave is under way. */
  leaving?: boolean;
  /** Leaves refused in a row (the node unavailable): each retry waits twice as long, up to {@link MAX_RETRY_MS}. */
  refused?: number;
}

/** The longest wait between two tries of a refused leave. */
const MAX_RETRY_MS = 5 * 60_000;

/**
 * Leaves (or pauses) when nobody listens and leaves after the queue has been over for a while, all per guild
 * settings; 24/7 guilds never leave on their own.
 *
 * The state is re-derived on every {@link IdleWatcher.evaluate}: deadlines count from when a condition started to
 * hold, so a setting changed while a timer runs (24/7 on, a shorter timeout) applies at once.
 *
 * Voice changes of members must be reported by calling `evaluate` from discord.js's `voiceStateUpdate` event.
 * lavalink-client's `playerVoiceJoin`/`playerVoiceLeave` are not used: `sendRawData` emits them from the `raw`
 * gateway event, which discord.js emits *before* it applies the packet to its voice state cache, so a count taken
 * there is one update behind (the last member leaving still counts as present, a returning member not yet).
 */
export class IdleWatcher {
  private readonly deps: IdleDeps;
  private readonly guilds = new Map<string, GuildState>();
  private stopped = false;
  private unsubscribe: (() => void) | null = null;

  private readonly retryMs: number;

  constructor(deps: IdleDeps) {
    this.deps = deps;
    this.retryMs = deps.retryMs ?? 30_000;
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe ??= this.deps.events.subscribe({
      playerCreated: (guildId) => this.evaluate(guildId),
      trackStart: (guildId) => {
        // A track plays again: the queue is no longer over.
        this.stopRule(this.state(guildId), "queueEnd");
        this.evaluate(guildId);
      },
      queueEnd: (guildId) => {
        this.markQueueOver(guildId);
        this.evaluate(guildId);
      },
      playerGone: (guildId) => this.forget(guildId),
    });
  }

  /**
   * A guild's settings changed: apply them to its voice session now. A player without a track counts as "queue
   * over" from this moment if no queue end was seen (e.g. a 24/7 guild rejoined idle after a restart, then 24/7 is
   * turned off).
   */
  settingsChanged(guildId: string): void {
    const player = this.deps.manager.getPlayer(guildId);
    if (player && !player.queue.current) this.markQueueOver(guildId);
    this.evaluate(guildId);
  }

  /**
   * Re-checks a guild: on voice state changes, track transitions and settings changes. Starts, moves or cancels the
   * leave timers, pauses or resumes, and leaves at once when a deadline has already passed.
   */
  evaluate(guildId: string): void {
    if (this.stopped) return;
    const player = this.deps.manager.getPlayer(guildId);
    if (!player?.voiceChannelId) return;
    const settings = this.deps.settingsFor(guildId);
    const state = this.state(guildId);
    const alone = this.deps.listeners(guildId, player.voiceChannelId) === 0;
    const hasTrack = Boolean(player.queue.current);

    if (alone && settings.pauseWhenAlone && hasTrack) {
      // Pause instead of leaving: the music waits for the listeners to come back.
      if (!player.paused) {
        state.pausedWhileAlone = true;
        void player.pause().catch((err: unknown) => this.warn(err, guildId, "pause"));
      }
    } else if (!alone && state.pausedWhileAlone) {
      state.pausedWhileAlone = false;
      if (player.paused && hasTrack) void player.resume().catch((err: unknown) => this.warn(err, guildId, "resume"));
    }

    if (alone) state.alone ??= { since: this.deps.clock.now() };
    else this.stopRule(state, "alone");
    if (hasTrack) this.stopRule(state, "queueEnd");
    const leavesWhenAlone = !settings.twentyFourSeven && !(settings.pauseWhenAlone && hasTrack);
    if (this.schedule(guildId, state, "alone", leavesWhenAlone, settings.aloneLeaveSeconds)) return;
    this.schedule(guildId, state, "queueEnd", !settings.twentyFourSeven, settings.queueEndLeaveSeconds);
  }

  /**
   * For a rule whose condition holds (its state exists): leaves once it has held for `seconds` when `leaves`,
   * else keeps a timer for that deadline. Returns true when it left.
   */
  private schedule(guildId: string, state: GuildState, rule: Rule, leaves: boolean, seconds: number): boolean {
    const r = state[rule];
    if (!r) return false;
    if (!leaves) {
      this.clear(r);
      return false;
    }
    const now = this.deps.clock.now();
    const due = r.since + seconds * 1000;
    if (due <= now) {
      this.leave(guildId, state, rule);
      return true;
    }
    if (r.timer && r.due === due) return false;
    this.clear(r);
    r.due = due;
    r.timer = this.deps.clock.setTimeout(() => {
      r.timer = undefined;
      r.due = undefined;
      this.evaluate(guildId);
    }, due - now);
    r.timer.unref?.();
    return false;
  }

  private markQueueOver(guildId: string): void {
    this.state(guildId).queueEnd ??= { since: this.deps.clock.now() };
  }

  private stopRule(state: GuildState, rule: Rule): void {
    const r = state[rule];
    if (!r) return;
    state.refused = undefined;
    this.clear(r);
    state[rule] = undefined;
  }

  /**
   * Leaves the voice channel. When the engine refuses (the node is unavailable), the rule's state is kept and the
   * guild is re-checked `retryMs` later, so Encore still leaves once the node answers again.
   */
  private leave(guildId: string, state: GuildState, rule: Rule): void {
    const player = this.deps.manager.getPlayer(guildId);
    if (!player || state.leaving) return;
    state.leaving = true;
    const reason = rule === "alone" ? "AloneTimeout" : "QueueEndTimeout";
    this.deps.logger.info({ guildId, reason }, "leaving the voice channel");
    player.destroy(reason).then(
      () => this.forget(guildId),
      (err: unknown) => {
        state.leaving = false;
        state.refused = (state.refused ?? 0) + 1;
        // Said once per outage; the retries while the node stays away are debug noise.
        if (state.refused === 1) this.warn(err, guildId, "leave");
        else this.deps.logger.debug({ err, guildId, refused: state.refused }, "idle leave failed again");
        const r = state[rule];
        if (this.stopped || !r || this.guilds.get(guildId) !== state) return;
        const wait = Math.min(this.retryMs * 2 ** (state.refused - 1), Math.max(this.retryMs, MAX_RETRY_MS));
        this.clear(r);
        r.due = this.deps.clock.now() + wait;
        r.timer = this.deps.clock.setTimeout(() => {
          r.timer = undefined;
          r.due = undefined;
          this.evaluate(guildId);
        }, wait);
        r.timer.unref?.();
      },
    );
  }

  private state(guildId: string): GuildState {
    let s = this.guilds.get(guildId);
    if (!s) {
      s = {};
      this.guilds.set(guildId, s);
    }
    return s;
  }

  private clear(r: RuleState): void {
    if (r.timer) this.deps.clock.clearTimeout(r.timer);
    r.timer = undefined;
    r.due = undefined;
  }

  private forget(guildId: string): void {
    const s = this.guilds.get(guildId);
    if (!s) return;
    this.stopRule(s, "alone");
    this.stopRule(s, "queueEnd");
    this.guilds.delete(guildId);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const guildId of [...this.guilds.keys()]) this.forget(guildId);
  }

  private warn(err: unknown, guildId: string, what: string): void {
    this.deps.logger.warn({ err, guildId }, `idle ${what} failed`);
  }
}

/**
 * Wraps a settings store so every change is followed by `changed(guildId)`, e.g. to re-check the idle rules of a
 * guild whose 24/7 mode or timeouts just changed. Reads pass through untouched.
 */
export function settingsWithChangeHook(store: SettingsStore, changed: (guildId: string) => void): SettingsStore {
  const after = (guildId: string, value: GuildSettings) => {
    changed(guildId);
    return value;
  };
  return {
    get: (guildId) => store.get(guildId),
    update: (guildId, patch) => after(guildId, store.update(guildId, patch)),
    reset: (guildId, key) => after(guildId, store.reset(guildId, key)),
    flush: () => store.flush(),
    guildsWith: (pred) => store.guildsWith(pred),
  };
}
