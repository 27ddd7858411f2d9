import type { LavalinkManager, LavalinkNode, LavalinkPlayer, Player } from "lavalink-client";
import { type Clock, type TimerHandle, unrefTimer } from "../core/clock.ts";
import { isUserError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { NodeSessionStore, PersistedPlayer, QueueStore } from "../store/types.ts";
import { restoreFilterState, savedFilterState } from "./filter-ops.ts";
import type { LavalinkEvents } from "./lavalink-events.ts";
import { backoffDelay } from "./node-backoff.ts";
import { patchPlayer } from "./node-patch.ts";
import { onNodeUsable } from "./node-session.ts";
import { nodeUsable } from "./node-usable.ts";
import { playTrack } from "./player-updates.ts";
import { fromStoredTrack } from "./stored-track.ts";

export interface ResumeDeps {
  manager: LavalinkManager;
  /** The manager's events, through Encore's one subscriber to them. */
  events: LavalinkEvents;
  queues: QueueStore;
  sessions: NodeSessionStore;
  clock: Clock;
  logger: Logger;
  /** Runs a node call through the circuit breaker (the music service's guard). */
  guard: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Whether a node can take a player now (a usable node, and the breaker lets a call through). */
  canTakePlayer: () => boolean;
  /** Keeps a guild's saved state as it is while its player is rebuilt, until the node accepted (or not). */
  saved: { hold(guildId: string): void; release(guildId: string, restored: boolean): void };
  /** Resolves once Discord has answered the voice join for this player (false on timeout). */
  waitForVoice: (player: Player) => Promise<boolean>;
  setAutoplay: (guildId: string, on: boolean) => Promise<void>;
  /** Whether the guild is in 24/7 mode: its saved player rejoins voice even when nothing was playing. */
  twentyFourSeven: (guildId: string) => boolean;
  /** The guild plays on another engine now: its saved state is not this engine's to restore. */
  ownedElsewhere?: (guildId: string) => boolean;
}

/**
 * Brings playback back after Encore restarts or a node comes back:
 * - every node session is made resumable (timeout in seconds) and its id stored, so a quick restart re-attaches
 *   to players that never stopped on the node;
 * - players the node no longer has are rebuilt from the store: rejoin the voice channel, restart the current track
 *   at the saved position with the saved volume, filters, loop mode and queue;
 * - 24/7 guilds rejoin their channel even when their queue had ended (the saved player has no current track);
 *   other saved players without a track are forgotten;
 * - a restore the node fails (5xx, no answer, breaker open) is not a restore: the player is dropped, its saved
 *   state stays as it was, and the restore is tried again with backoff (from `retryMs`) on a connected node, and
 *   whenever a node connects;
 * - a restore round joins voice in a guild only while the node can take a player, and ends at its first node
 *   failure: members do not see the bot join and leave every saved channel while a node keeps failing. The rest wait
 *   for the next retry, which starts with the guilds that have not failed lately.
 */
export class PlaybackResumer {
  private readonly deps: ResumeDeps;
  private readonly timeoutSeconds: number;
  /** Nodes whose `ready` said the session was resumed; the `resumed` event handles those. */
  private readonly resumedNodes = new Set<string>();
  /** Nodes whose current session accepted being resumable. */
  private readonly resumable = new Set<string>();
  private readonly restoring = new Set<string>();
  /** Per node, the players bound to it when its socket last opened (before its session existed). */
  private readonly boundAtConnect = new Map<string, Player[]>();
  private readonly retryMs: number;
  private retryTimer: TimerHandle | null = null;
  /** Failed restore rounds in a row; the next retry waits longer for each. */
  private retries = 0;
  /** Per guild, when its restore last failed (a sequence number): a round tries those that failed longest ago last. */
  private readonly lastFailure = new Map<string, number>();
  private failures = 0;
  private stopped = false;

  /**
   * @param opts.sessionTimeoutSeconds how long a node keeps a resumable session
   * @param opts.retryMs first delay before a failed restore is tried again (doubling, at most a minute or `retryMs`)
   */
  constructor(opts: { sessionTimeoutSeconds: number; retryMs: number }, deps: ResumeDeps) {
    this.timeoutSeconds = opts.sessionTimeoutSeconds;
    this.retryMs = opts.retryMs;
    this.deps = deps;
  }

  start(): void {
    const nodes = this.deps.events;
    nodes.onNode("raw", (node, payload) => {
      const p = payload as { op?: string; resumed?: boolean };
      if (p.op === "ready") {
        if (p.resumed) this.resumedNodes.add(node.id);
        else this.resumedNodes.delete(node.id);
      }
    });
    const log = (err: unknown) => this.deps.logger.warn({ err }, "restoring playback failed");
    // Players bound to a node when its socket (re)opened: ones created while its session is being set up (a command
    // right after the node came up) are new and stay.
    nodes.onNode("connect", (node) => {
      this.boundAtConnect.set(
        node.id,
        [...this.deps.manager.players.values()].filter((p) => p.node?.id === node.id),
      );
    });
    // Restores start once the node can take players: its session exists (`connect`, or its later `ready` op).
    onNodeUsable(nodes, (node) => {
      if (!this.stopped) this.onConnect(node).catch(log);
    });
    nodes.onNode("resumed", (node, _payload, players) => {
      if (!this.stopped) this.onResumed(node, players as LavalinkPlayer[]).catch(log);
    });
  }

  /** Whether the node accepted a resumable session (its players may be left playing at shutdown). */
  isResumable(nodeId: string): boolean {
    return this.resumable.has(nodeId);
  }

  /** Asks the node to keep the session; false when it refuses (404, an error answer, no answer). */
  private async makeResumable(node: LavalinkNode): Promise<boolean> {
    try {
      const res: unknown = await node.updateSession(true, this.timeoutSeconds);
      const status = (res as { status?: unknown } | null)?.status;
      return !(typeof status === "number" && status >= 400);
    } catch (err) {
      this.deps.logger.debug({ err, node: node.id }, "session update failed");
      return false;
    }
  }

  /** Shutdown: ignore node events from now on (the store is about to close). */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) this.deps.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async onConnect(node: LavalinkNode): Promise<void> {
    const log = this.deps.logger.child({ node: node.id });
    const boundAtConnect = this.boundAtConnect.get(node.id) ?? [];
    this.boundAtConnect.delete(node.id);
    if (node.sessionId && this.timeoutSeconds > 0) {
      // Later automatic reconnects of this node resume the same session too.
      node.options.sessionId = node.sessionId;
      if (await this.makeResumable(node)) {
        this.resumable.add(node.id);
        this.deps.sessions.set(node.id, node.sessionId);
      } else {
        this.resumable.delete(node.id);
        node.options.sessionId = undefined;
        node.resuming = { enabled: false, timeout: null };
        log.warn(
          "the node refused a resumable session: at shutdown its players leave voice and are destroyed, and the next start rebuilds them from the saved queues",
        );
      }
    }
    if (this.resumedNodes.has(node.id)) return;
    // A new session: players still bound to this node from before are gone on the node. Drop them (their saved
    // state stays) and rebuild everything from the store.
    for (const player of boundAtConnect) {
      await player.destroy("NodeSessionLost", true).catch(() => undefined);
    }
    await this.restoreFromStore(node, new Set());
  }

  private async onResumed(node: LavalinkNode, players: LavalinkPlayer[]): Promise<void> {
    const log = this.deps.logger.child({ node: node.id });
    const reattached = new Set<string>();
    for (const data of players) {
      if (!data.track) continue;
      try {
        if (await this.reattach(node, data)) reattached.add(data.guildId);
      } catch (err) {
        log.warn({ err, guildId: data.guildId }, "could not re-attach a resumed player");
      }
    }
    log.info({ players: reattached.size }, "node session resumed");
    await this.restoreFromStore(node, reattached);
  }

  /** The node kept playing: rebuild the client player around its state and the stored queue. */
  private async reattach(node: LavalinkNode, data: LavalinkPlayer): Promise<boolean> {
    const m = this.deps.manager;
    const saved = this.deps.queues.load(data.guildId);
    const voiceChannelId = saved?.voiceChannelId ?? data.voice?.channelId;
    if (!voiceChannelId || m.getPlayer(data.guildId) || !data.track) return false;
    const player = m.createPlayer({
      guildId: data.guildId,
      voiceChannelId,
      textChannelId: saved?.textChannelId ?? undefined,
      node: node.id,
      volume: data.volume,
      selfDeaf: true,
    });
    // The node kept its filters; give Encore back its record of which presets they are.
    const presets = savedFilterState(saved?.filters);
    if (presets) restoreFilterState(player, presets);
    player.queue.current = m.utils.buildTrack(data.track, saved?.current?.requester ?? null);
    if (saved) {
      await player.queue.add(saved.upcoming.map((t) => fromStoredTrack(m, t)));
      player.queue.previous.push(...saved.previous.map((t) => fromStoredTrack(m, t)));
      await player.setRepeatMode(saved.loop);
    }
    player.lastPosition = data.state.position;
    player.lastPositionChange = Date.now();
    player.paused = data.paused;
    player.playing = !data.paused;
    // Encore's Discord voice session is new after a restart: join again so the node gets fresh voice credentials.
    await player.connect();
    await this.deps.waitForVoice(player);
    if (saved?.autoplay) await this.deps.setAutoplay(data.guildId, true);
    return true;
  }

  /** Stored players that the node does not have (new session, or not re-attached) are started again. */
  private async restoreFromStore(node: LavalinkNode, skip: Set<string>): Promise<void> {
    const candidates = [];
    for (const saved of this.deps.queues.all()) {
      if (skip.has(saved.guildId) || this.deps.manager.getPlayer(saved.guildId)) continue;
      if (this.deps.ownedElsewhere?.(saved.guildId)) continue;
      if (saved.current || this.deps.twentyFourSeven(saved.guildId)) candidates.push(saved);
      else this.forgetIdle(saved.guildId);
    }
    // Guilds whose restore never failed first, then the one that failed longest ago: one guild whose track the node
    // keeps failing does not hold the others back.
    const order = (guildId: string) => this.lastFailure.get(guildId) ?? 0;
    const waitingIds = new Set(candidates.map((c) => c.guildId));
    for (const guildId of this.lastFailure.keys()) if (!waitingIds.has(guildId)) this.lastFailure.delete(guildId);
    candidates.sort((a, b) => order(a.guildId) - order(b.guildId));
    let restored = 0;
    let failed = 0;
    let waiting = 0;
    for (const [i, saved] of candidates.entries()) {
      if (this.stopped) return;
      if (this.restoring.has(saved.guildId)) continue;
      // Checked before touching voice: no join in a guild whose player the node cannot take now.
      if (!this.deps.canTakePlayer()) {
        waiting = candidates.length - i;
        break;
      }
      this.restoring.add(saved.guildId);
      let nodeFailed = false;
      try {
        if (await this.rebuild(node, saved)) {
          restored++;
          this.lastFailure.delete(saved.guildId);
        }
      } catch (err) {
        // A refusal of the track itself (4xx) would be refused again: it waits for the next node connect.
        if (!(isUserError(err) && err.code === "NODE_REFUSED")) {
          failed++;
          nodeFailed = true;
          this.lastFailure.set(saved.guildId, ++this.failures);
        }
        this.deps.logger.warn(
          { err, guildId: saved.guildId },
          "could not restore a saved player; its saved state is kept",
        );
      } finally {
        this.restoring.delete(saved.guildId);
      }
      // The node failed: the next guilds would only join voice to be refused. They wait for the retry.
      if (nodeFailed) {
        waiting = candidates.length - i - 1;
        break;
      }
    }
    this.deps.logger.info(
      { node: node.id, saved: candidates.length, restored, waiting: waiting || undefined },
      "saved players restored",
    );
    if (failed > 0 || waiting > 0) this.scheduleRetry(node);
    else this.retries = 0;
  }

  /** Tries the failed restores again later, on a connected node (another one than `failed` when there is one). */
  private scheduleRetry(failed: LavalinkNode): void {
    if (this.stopped || this.retryTimer) return;
    const delay = backoffDelay(this.retries++, this.retryMs, Math.max(60_000, this.retryMs));
    this.retryTimer = unrefTimer(
      this.deps.clock.setTimeout(() => {
        this.retryTimer = null;
        if (this.stopped) return;
        const connected = this.deps.manager.nodeManager.leastUsedNodes().filter(nodeUsable);
        const node = connected.find((n) => n.id !== failed.id) ?? connected[0];
        // No node now: the next node to connect restores everything saved.
        if (!node) return;
        this.restoreFromStore(node, new Set()).catch((err: unknown) =>
          this.deps.logger.warn({ err }, "restoring playback failed"),
        );
      }, delay),
    );
  }

  /** A saved player whose queue had ended, outside 24/7 mode: Encore is not in voice there any more. */
  private forgetIdle(guildId: string): void {
    try {
      this.deps.queues.delete(guildId);
    } catch (err) {
      this.deps.logger.warn({ err, guildId }, "could not forget an idle saved player");
    }
  }

  /**
   * Rejoins the saved channel and brings the saved state back; false when voice did not come back. Rejects when the
   * node failed the restore; the player is then gone again and the saved state untouched either way.
   */
  private async rebuild(node: LavalinkNode, saved: PersistedPlayer): Promise<boolean> {
    this.deps.saved.hold(saved.guildId);
    let restored = false;
    try {
      restored = await this.rebuildHeld(node, saved);
    } finally {
      this.deps.saved.release(saved.guildId, restored);
    }
    if (!restored) return false;
    if (saved.autoplay) await this.deps.setAutoplay(saved.guildId, true);
    const player = this.deps.manager.getPlayer(saved.guildId);
    if (!saved.current) this.deps.logger.info({ guildId: saved.guildId }, "rejoined the 24/7 voice channel");
    else {
      this.deps.logger.info(
        { guildId: saved.guildId, position: player?.lastPosition, tracks: player?.queue.tracks.length },
        "restored playback",
      );
    }
    return true;
  }

  private async rebuildHeld(node: LavalinkNode, saved: PersistedPlayer): Promise<boolean> {
    const m = this.deps.manager;
    const player = m.createPlayer({
      guildId: saved.guildId,
      voiceChannelId: saved.voiceChannelId,
      textChannelId: saved.textChannelId ?? undefined,
      node: node.id,
      volume: saved.volume,
      selfDeaf: true,
    });
    await player.connect();
    if (!(await this.deps.waitForVoice(player))) {
      this.deps.logger.warn({ guildId: saved.guildId }, "voice did not come back; keeping the saved queue for later");
      await player.destroy("RestoreVoiceTimeout", true).catch(() => undefined);
      return false;
    }
    try {
      const upcoming = saved.upcoming.map((t) => fromStoredTrack(m, t));
      player.queue.previous.push(...saved.previous.map((t) => fromStoredTrack(m, t)));
      await player.setRepeatMode(saved.loop);
      if (upcoming.length) await player.queue.add(upcoming);
      const presets = savedFilterState(saved.filters);
      const filters = presets ? restoreFilterState(player, presets) : null;
      const current = saved.current;
      if (!current) {
        // A 24/7 guild whose queue had ended: back in the channel, waiting for the next request.
        if (filters) await this.deps.guard(() => patchPlayer(player, { filters }));
        return true;
      }
      const length = current.durationMs;
      const positionMs = current.isStream || length <= 0 ? 0 : Math.min(saved.positionMs, Math.max(0, length - 1000));
      // Checked: a node answering 5xx fails the restore (and counts against the breaker) instead of passing for it.
      await this.deps.guard(() =>
        playTrack(player, fromStoredTrack(m, current), { positionMs, paused: saved.paused, filters }),
      );
      return true;
    } catch (err) {
      await player.destroy("RestoreFailed", true).catch(() => undefined);
      throw err;
    }
  }
}
