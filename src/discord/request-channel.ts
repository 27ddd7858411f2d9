import { type Client, DiscordAPIError, type Message, PermissionFlagsBits } from "discord.js";
import type { RequestChannelControl } from "../commands/types.ts";
import type { Clock, TimerHandle } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { type Language, translator, userError } from "../i18n/translate.ts";
import type { PlayerEvents } from "../music/player-events.ts";
import type { QueueSnapshot } from "../music/types.ts";
import { requestPlayerMessage } from "../render/request-player-view.ts";
import type { SettingsStore } from "../store/types.ts";
import type { MessageSender } from "./message-sender.ts";
import { MessageResponder, type Responder } from "./responder.ts";
import type { RequestChannelRouting } from "./router.ts";

export interface RequestChannelOptions {
  /** How long Encore's answers stay in a request channel before they are removed. */
  replySeconds: number;
  /** Player message edits within this window are merged into one. */
  editDelayMs?: number;
}

export interface RequestChannelDeps {
  client: Client;
  events: PlayerEvents;
  sender: MessageSender;
  snapshot: (guildId: string) => QueueSnapshot | null;
  settings: SettingsStore;
  prefixFor: (guildId: string) => string;
  /** The language the guild is answered in. */
  languageFor: (guildId: string) => Language;
  clock: Clock;
  logger: Logger;
}

const UNKNOWN_MESSAGE = 10008;

/**
 * Request channels (`setup`): any plain message there is a play request, one persistent player message (now playing,
 * the next tracks, the player's buttons) is edited in place as the player changes, and members' messages and
 * Encore's answers are removed so the player stays the only message.
 */
export class RequestChannels implements RequestChannelRouting, RequestChannelControl {
  private readonly opts: RequestChannelOptions;
  private readonly deps: RequestChannelDeps;
  private readonly pending = new Map<string, TimerHandle>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly removals = new Set<TimerHandle>();
  private unsubscribe: (() => void) | null = null;

  constructor(opts: RequestChannelOptions, deps: RequestChannelDeps) {
    this.opts = opts;
    this.deps = deps;
  }

  start(): void {
    const refresh = (guildId: string) => this.schedule(guildId);
    this.unsubscribe ??= this.deps.events.subscribe({
      trackStart: refresh,
      changed: refresh,
      queueChanged: refresh,
      queueEnd: refresh,
      playerGone: refresh,
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const timer of [...this.pending.values(), ...this.removals]) this.deps.clock.clearTimeout(timer);
    this.pending.clear();
    this.removals.clear();
    await Promise.allSettled([...this.chains.values()]);
  }

  owns(guildId: string, channelId: string): boolean {
    return this.deps.settings.get(guildId).requestChannelId === channelId;
  }

  responder(message: Message): Responder {
    const inner = new MessageResponder(this.deps.client.rest, message.channelId, message.id);
    return {
      reply: async (payload) => {
        const sent = await inner.send(payload);
        if (sent) this.removeLater(sent);
      },
      defer: () => inner.defer(),
      done: () => inner.done(),
    };
  }

  consumed(message: Message): void {
    void this.deps.sender
      .delete(message.channelId, message.id)
      .catch((err: unknown) => this.cannotClean(message.guildId, err));
  }

  async setUp(guildId: string, channelId: string): Promise<{ canCleanUp: boolean }> {
    const before = this.deps.settings.get(guildId);
    let messageId: string;
    try {
      messageId = await this.deps.sender.send(channelId, this.render(guildId));
    } catch (err) {
      this.deps.logger.debug({ err, guildId }, "could not post the request channel's player");
      throw userError("SETUP_FAILED", "discord.setupFailed");
    }
    this.deps.settings.update(guildId, { requestChannelId: channelId, requestMessageId: messageId });
    if (before.requestChannelId && before.requestMessageId) {
      await this.deleteQuietly(before.requestChannelId, before.requestMessageId);
    }
    return { canCleanUp: await this.canManageMessages(guildId, channelId) };
  }

  async tearDown(guildId: string): Promise<boolean> {
    const { requestChannelId, requestMessageId } = this.deps.settings.get(guildId);
    if (!requestChannelId) return false;
    this.deps.settings.update(guildId, { requestChannelId: null, requestMessageId: null });
    if (requestMessageId) await this.deleteQuietly(requestChannelId, requestMessageId);
    return true;
  }

  /** Merges bursts of player changes (a playlist arriving) into one edit. */
  private schedule(guildId: string): void {
    if (!this.deps.settings.get(guildId).requestChannelId || this.pending.has(guildId)) return;
    const timer = this.deps.clock.setTimeout(() => {
      this.pending.delete(guildId);
      this.run(guildId, () => this.refresh(guildId));
    }, this.opts.editDelayMs ?? 300);
    timer.unref?.();
    this.pending.set(guildId, timer);
  }

  private run(guildId: string, task: () => Promise<void>): void {
    const next = (this.chains.get(guildId) ?? Promise.resolve())
      .then(task)
      .catch((err: unknown) => this.deps.logger.warn({ err, guildId }, "request channel player update failed"));
    this.chains.set(guildId, next);
    void next.finally(() => {
      if (this.chains.get(guildId) === next) this.chains.delete(guildId);
    });
  }

  private render(guildId: string) {
    const t = translator(this.deps.languageFor(guildId));
    return requestPlayerMessage(t, this.deps.snapshot(guildId), this.deps.prefixFor(guildId));
  }

  /** Edits the player message in place; posts a new one when someone deleted it. */
  private async refresh(guildId: string): Promise<void> {
    const { requestChannelId, requestMessageId } = this.deps.settings.get(guildId);
    if (!requestChannelId) return;
    if (requestMessageId) {
      try {
        await this.deps.sender.edit(requestChannelId, requestMessageId, this.render(guildId));
        return;
      } catch (err) {
        if (!(err instanceof DiscordAPIError && err.code === UNKNOWN_MESSAGE)) throw err;
      }
    }
    const messageId = await this.deps.sender.send(requestChannelId, this.render(guildId));
    this.deps.settings.update(guildId, { requestMessageId: messageId });
  }

  private removeLater(message: { channelId: string; messageId: string }): void {
    const timer = this.deps.clock.setTimeout(() => {
      this.removals.delete(timer);
      void this.deps.sender
        .delete(message.channelId, message.messageId)
        .catch((err: unknown) => this.deps.logger.debug({ err }, "answer already gone"));
    }, this.opts.replySeconds * 1000);
    timer.unref?.();
    this.removals.add(timer);
  }

  private async deleteQuietly(channelId: string, messageId: string): Promise<void> {
    await this.deps.sender.delete(channelId, messageId).catch(() => undefined);
  }

  /** Text channels are not cached: the channel is fetched once, for its permission overwrites. */
  private async canManageMessages(guildId: string, channelId: string): Promise<boolean> {
    const guild = this.deps.client.guilds.cache.get(guildId);
    const me = guild?.members.me;
    if (!guild || !me) return false;
    try {
      const channel = await guild.channels.fetch(channelId, { cache: false });
      return Boolean(channel?.permissionsFor(me)?.has(PermissionFlagsBits.ManageMessages));
    } catch (err) {
      this.deps.logger.debug({ err, guildId }, "could not read the request channel's permissions");
      return false;
    }
  }

  private cannotClean(guildId: string | null, err: unknown): void {
    this.deps.logger.debug({ err, guildId }, "could not remove a message in the request channel (Manage Messages)");
  }
}
