import type { Logger } from "../core/logger.ts";
import { type Language, type LocalText, type Translate, translator } from "../i18n/translate.ts";
import type { PlayerEvents } from "../music/player-events.ts";
import { segmentNote } from "../music/sponsorblock.ts";
import type { QueueSnapshot, TrackView } from "../music/types.ts";
import { safe, trackTitle } from "../render/format.ts";
import { nowPlayingEmbed, playerButtons } from "../render/player-view.ts";
import type { GuildSettings } from "../store/types.ts";
import type { MessageSender } from "./message-sender.ts";

export interface NowPlayingDeps {
  events: PlayerEvents;
  sender: MessageSender;
  snapshot: (guildId: string) => QueueSnapshot | null;
  settingsFor: (guildId: string) => Readonly<GuildSettings>;
  /** The language the guild is answered in. */
  languageFor: (guildId: string) => Language;
  logger: Logger;
}

interface Posted {
  readonly channelId: string;
  readonly messageId: string;
}

/**
 * One now-playing message per guild, with the player's buttons. A new track deletes the previous message before
 * posting (so the player is always the latest message and a channel never fills with stale players); pause, loop,
 * filter and autoplay changes edit it; the queue ending or the player going away deletes it. Failed and stuck
 * tracks, and the stop after several failures, are announced with the node's reason.
 */
export class NowPlayingAnnouncer {
  private readonly deps: NowPlayingDeps;
  private readonly posted = new Map<string, Posted>();
  /** Per-guild chains, so a message is never edited or deleted while it is still being posted. */
  private readonly chains = new Map<string, Promise<void>>();
  private unsubscribe: (() => void) | null = null;

  constructor(deps: NowPlayingDeps) {
    this.deps = deps;
  }

  start(): void {
    this.unsubscribe ??= this.deps.events.subscribe({
      trackStart: (guildId) => this.run(guildId, () => this.post(guildId)),
      changed: (guildId) => this.run(guildId, () => this.refresh(guildId)),
      queueEnd: (guildId) => this.run(guildId, () => this.remove(guildId)),
      playerGone: (guildId) => this.run(guildId, () => this.remove(guildId)),
      trackFailed: (guildId, track, kind, reason) =>
        this.run(guildId, () => this.announce(guildId, failureText(this.t(guildId), track, kind, reason))),
      segmentSkipped: (guildId, segment) =>
        this.run(guildId, () => this.note(guildId, segmentNote(this.t(guildId), segment))),
      gaveUp: (guildId, failures) =>
        this.run(guildId, () => this.announce(guildId, this.t(guildId)("announce.gaveUp", { count: failures }))),
    });
  }

  /** Stops listening and waits for messages being posted. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.allSettled([...this.chains.values()]);
  }

  /** The guild's current now-playing message, if any. */
  current(guildId: string): Posted | null {
    return this.posted.get(guildId) ?? null;
  }

  private run(guildId: string, task: () => Promise<void>): void {
    const next = (this.chains.get(guildId) ?? Promise.resolve())
      .then(task)
      .catch((err: unknown) => this.deps.logger.warn({ err, guildId }, "now-playing message update failed"));
    this.chains.set(guildId, next);
    void next.finally(() => {
      if (this.chains.get(guildId) === next) this.chains.delete(guildId);
    });
  }

  private t(guildId: string): Translate {
    return translator(this.deps.languageFor(guildId));
  }

  private render(snap: QueueSnapshot) {
    const t = this.t(snap.guildId);
    return { embeds: [nowPlayingEmbed(t, snap, { progress: false })], components: playerButtons(t, snap) };
  }

  private async post(guildId: string): Promise<void> {
    await this.remove(guildId);
    const snap = this.deps.snapshot(guildId);
    const settings = this.deps.settingsFor(guildId);
    if (!snap?.current || !snap.textChannelId || !settings.announceNowPlaying) return;
    // In a request channel the persistent player message already shows what plays.
    if (snap.textChannelId === settings.requestChannelId) return;
    const messageId = await this.deps.sender.send(snap.textChannelId, this.render(snap));
    this.posted.set(guildId, { channelId: snap.textChannelId, messageId });
  }

  private async refresh(guildId: string): Promise<void> {
    const posted = this.posted.get(guildId);
    const snap = this.deps.snapshot(guildId);
    if (!posted || !snap?.current) return;
    await this.deps.sender.edit(posted.channelId, posted.messageId, this.render(snap));
  }

  private async remove(guildId: string): Promise<void> {
    const posted = this.posted.get(guildId);
    if (!posted) return;
    this.posted.delete(guildId);
    try {
      await this.deps.sender.delete(posted.channelId, posted.messageId);
    } catch (err) {
      // Already deleted by someone, or the channel is gone: nothing to clean up.
      this.deps.logger.debug({ err, guildId }, "could not delete the old now-playing message");
    }
  }

  /** A short note where now-playing messages go (not when the server turned them off, nor in the request channel). */
  private async note(guildId: string, content: string): Promise<void> {
    const settings = this.deps.settingsFor(guildId);
    const channelId = this.deps.snapshot(guildId)?.textChannelId;
    if (!channelId || !settings.announceNowPlaying || channelId === settings.requestChannelId) return;
    await this.deps.sender.send(channelId, { content });
  }

  private async announce(guildId: string, content: string): Promise<void> {
    const channelId = this.deps.snapshot(guildId)?.textChannelId ?? this.posted.get(guildId)?.channelId;
    if (channelId) await this.deps.sender.send(channelId, { content });
  }
}

export function failureText(
  t: Translate,
  track: TrackView | null,
  kind: "error" | "stuck",
  reason: string | LocalText,
): string {
  const shown = (max: number) => (typeof reason === "string" ? safe(reason, max) : reason);
  if (kind === "stuck") {
    const name = track ? trackTitle(t, track) : t("announce.theTrack");
    return t("announce.stuck", { track: name, reason: shown(200) });
  }
  const name = track ? trackTitle(t, track) : t("announce.theTrackObject");
  return t("announce.failed", { track: name, reason: shown(300) });
}
