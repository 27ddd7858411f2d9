import type { GatewayServer } from "./gateway.ts";
import { type GatewaySession, Intent } from "./gateway-session.ts";
import type { MessageRecord, MessageStore } from "./message-store.ts";
import type { Json } from "./types.ts";

export type MessageEvent = "MESSAGE_CREATE" | "MESSAGE_UPDATE" | "MESSAGE_DELETE";

/**
 * Message events as Discord sends them: guild messages need GUILD_MESSAGES (DMs need DIRECT_MESSAGES), and without
 * MESSAGE_CONTENT a session gets empty content, embeds, attachments and components unless the bot wrote the message,
 * it is a DM, or it mentions the bot.
 */
export function dispatchMessageEvent(
  gateway: GatewayServer,
  messages: MessageStore,
  botId: string,
  t: MessageEvent,
  m: MessageRecord,
): void {
  const intent = m.guild_id ? Intent.GuildMessages : Intent.DirectMessages;
  const filter = (s: GatewaySession) => s.has(intent) && (m.guild_id === null || s.handlesGuild(m.guild_id));
  if (t === "MESSAGE_DELETE") {
    gateway.dispatch(
      t,
      { id: m.id, channel_id: m.channel_id, ...(m.guild_id ? { guild_id: m.guild_id } : {}) },
      filter,
    );
    return;
  }
  gateway.dispatch(
    t,
    (s: GatewaySession) => {
      const api = messages.toApi(m, true);
      const exempt = m.author.id === botId || m.guild_id === null || api.mentions.some((u: Json) => u.id === botId);
      if (!s.has(Intent.MessageContent) && !exempt) {
        Object.assign(api, { content: "", embeds: [], attachments: [], components: [] });
      }
      return api;
    },
    filter,
  );
}
