import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Message,
  type MessageCreateOptions,
  MessageFlags,
  type StringSelectMenuInteraction,
} from "discord.js";
import type { ReplyPayload } from "../commands/types.ts";
import type { Clock, TimerHandle } from "../core/clock.ts";

/** No reply of Encore's ever pings: not users, roles, @everyone nor the replied-to author. */
export const NO_MENTIONS = { parse: [], repliedUser: false } as const;

export interface Responder {
  reply(payload: ReplyPayload): Promise<void>;
  defer(): Promise<void>;
  /** Stops the automatic defer timer (the command finished). */
  done(): void;
}

function normalise(payload: ReplyPayload) {
  const p = typeof payload === "string" ? { content: payload } : payload;
  return {
    content: p.content ?? "",
    embeds: p.embeds ?? [],
    components: p.components ?? [],
    ephemeral: p.ephemeral ?? false,
  };
}

/**
 * Replies to an interaction: first answer as the interaction reply, later ones as edits (after a defer) or
 * follow-ups. Calls are serialised. If nothing was sent after `autoDeferMs`, the reply is deferred so Discord's
 * 3-second deadline is never missed.
 */
export class InteractionResponder implements Responder {
  private readonly interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction;
  private chain: Promise<void> = Promise.resolve();
  private timer: TimerHandle | null = null;
  private readonly clock: Clock;

  constructor(
    interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction,
    clock: Clock,
    autoDeferMs: number,
  ) {
    this.interaction = interaction;
    this.clock = clock;
    this.timer = clock.setTimeout(() => {
      this.timer = null;
      void this.defer().catch(() => undefined);
    }, autoDeferMs);
  }

  private enqueue(task: () => Promise<unknown>): Promise<void> {
    const next = this.chain.then(task).then(() => undefined);
    this.chain = next.catch(() => undefined);
    return next;
  }

  defer(): Promise<void> {
    return this.enqueue(async () => {
      const i = this.interaction;
      if (i.deferred || i.replied) return;
      await i.deferReply();
    });
  }

  reply(payload: ReplyPayload): Promise<void> {
    this.done();
    const p = normalise(payload);
    return this.enqueue(async () => {
      const i = this.interaction;
      const body = { content: p.content, embeds: p.embeds, components: p.components, allowedMentions: NO_MENTIONS };
      if (!i.deferred && !i.replied) {
        await i.reply({ ...body, flags: p.ephemeral ? MessageFlags.Ephemeral : undefined });
      } else if (i.deferred && !i.replied) {
        await i.editReply(body);
      } else {
        await i.followUp({ ...body, flags: p.ephemeral ? MessageFlags.Ephemeral : undefined });
      }
    });
  }

  done(): void {
    if (this.timer) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }
}

/** Replies to a prefix command message in its channel, as a reply without pinging the author. */
export class MessageResponder implements Responder {
  private readonly message: Message;

  constructor(message: Message) {
    this.message = message;
  }

  async reply(payload: ReplyPayload): Promise<void> {
    const p = normalise(payload);
    const body: MessageCreateOptions = {
      content: p.content,
      embeds: p.embeds,
      components: p.components,
      allowedMentions: NO_MENTIONS,
    };
    await this.message.reply(body);
  }

  async defer(): Promise<void> {
    if ("sendTyping" in this.message.channel) await this.message.channel.sendTyping().catch(() => undefined);
  }

  done(): void {}
}
