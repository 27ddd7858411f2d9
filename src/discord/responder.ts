import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  DiscordAPIError,
  MessageFlags,
  type REST,
  Routes,
  type StringSelectMenuInteraction,
} from "discord.js";
import type { ReplyPayload } from "../commands/types.ts";
import type { Clock, TimerHandle } from "../core/clock.ts";
import { userError } from "../i18n/translate.ts";

/** No reply of Encore's ever pings: not users, roles, @everyone nor the replied-to author. */
export const NO_MENTIONS = { parse: [], repliedUser: false } as const;

export interface Responder {
  reply(payload: ReplyPayload): Promise<void>;
  defer(): Promise<void>;
  /** Stops the automatic defer timer (the command finished). */
  done(): void;
}

export function normalise(payload: ReplyPayload) {
  const p = typeof payload === "string" ? { content: payload } : payload;
  return {
    content: p.content ?? "",
    embeds: p.embeds ?? [],
    components: p.components ?? [],
    ephemeral: p.ephemeral ?? false,
    update: p.update ?? false,
    files: (p.files ?? []).map((f) => ({ attachment: f.data, name: f.name })),
  };
}

/** Discord's "Missing Permissions". */
const MISSING_PERMISSIONS = 50013;

/** Discord's "Cannot send messages to this user" (DMs closed). */
const CANNOT_DM = 50007;

/** Sends a user a direct message that pings nobody. @throws UserError DM_CLOSED when the user does not accept DMs */
export async function sendDirectMessage(client: Client, userId: string, payload: ReplyPayload): Promise<void> {
  const p = normalise(payload);
  try {
    const user = await client.users.fetch(userId);
    await user.send({ content: p.content, embeds: p.embeds, components: p.components, allowedMentions: NO_MENTIONS });
  } catch (err) {
    if (err instanceof DiscordAPIError && err.code === CANNOT_DM) {
      throw userError("DM_CLOSED", "discord.dmClosed");
    }
    throw err;
  }
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
  /** Button or select menu: answers are private to the clicker unless they update the clicked message. */
  private readonly component: boolean;

  constructor(
    interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction,
    clock: Clock,
    autoDeferMs: number,
  ) {
    this.interaction = interaction;
    this.clock = clock;
    this.component = !interaction.isChatInputCommand();
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
      await i.deferReply(this.component ? { flags: MessageFlags.Ephemeral } : {});
    });
  }

  reply(payload: ReplyPayload): Promise<void> {
    this.done();
    const p = normalise(payload);
    return this.enqueue(async () => {
      const i = this.interaction;
      const body = {
        content: p.content,
        embeds: p.embeds,
        components: p.components,
        allowedMentions: NO_MENTIONS,
        ...(p.files.length > 0 ? { files: p.files } : {}),
      };
      const ephemeral = p.ephemeral || (this.component && !p.update);
      if (this.component && p.update && !i.deferred && !i.replied && !i.isChatInputCommand()) {
        await i.update(body);
      } else if (!i.deferred && !i.replied) {
        await i.reply({ ...body, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
      } else if (i.deferred && !i.replied) {
        await i.editReply(body);
      } else {
        await i.followUp({ ...body, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
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

/**
 * Replies to a prefix command message in its channel, as a reply without pinging the author. Goes through REST by
 * channel id: the channel object need not be cached.
 */
export class MessageResponder implements Responder {
  private readonly rest: REST;
  private readonly channelId: string;
  private readonly messageId: string;

  constructor(rest: REST, channelId: string, messageId: string) {
    this.rest = rest;
    this.channelId = channelId;
    this.messageId = messageId;
  }

  async reply(payload: ReplyPayload): Promise<void> {
    await this.send(payload);
  }

  /** Replies and returns where the reply is. */
  async send(payload: ReplyPayload): Promise<{ channelId: string; messageId: string }> {
    const p = normalise(payload);
    const files = p.files.map((f) => ({ name: f.name, data: f.attachment }));
    try {
      const sent = (await this.rest.post(Routes.channelMessages(this.channelId), {
        body: {
          content: p.content,
          embeds: p.embeds,
          components: p.components,
          allowed_mentions: { parse: [], replied_user: false },
          message_reference: { message_id: this.messageId, fail_if_not_exists: false },
          ...(files.length > 0 ? { attachments: files.map((f, id) => ({ id, filename: f.name })) } : {}),
        },
        ...(files.length > 0 ? { files } : {}),
      })) as { id: string };
      return { channelId: this.channelId, messageId: sent.id };
    } catch (err) {
      // Interaction replies may carry files anywhere; channel messages need Attach Files. Say so instead of failing.
      if (files.length > 0 && err instanceof DiscordAPIError && err.code === MISSING_PERMISSIONS) {
        throw userError("CANNOT_ATTACH", "discord.cannotAttach");
      }
      throw err;
    }
  }

  async defer(): Promise<void> {
    await this.rest.post(Routes.channelTyping(this.channelId)).catch(() => undefined);
  }

  done(): void {}
}
