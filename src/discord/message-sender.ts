import { type REST, Routes } from "discord.js";
import type { ChannelMessage } from "../render/message.ts";

export type { ChannelMessage };

/** Posts and maintains Encore's own channel messages (now-playing, announcements). Never pings anyone. */
export interface MessageSender {
  /** @returns the new message's id */
  send(channelId: string, message: ChannelMessage): Promise<string>;
  edit(channelId: string, messageId: string, message: ChannelMessage): Promise<void>;
  delete(channelId: string, messageId: string): Promise<void>;
}

const NO_PINGS = { parse: [] };

/** A sender on Discord's REST API (discord.js `client.rest`). */
export function restMessageSender(rest: REST): MessageSender {
  return {
    async send(channelId, message) {
      const created = (await rest.post(Routes.channelMessages(channelId), {
        body: { ...message, allowed_mentions: NO_PINGS },
      })) as { id: string };
      return created.id;
    },
    async edit(channelId, messageId, message) {
      await rest.patch(Routes.channelMessage(channelId, messageId), {
        body: { ...message, allowed_mentions: NO_PINGS },
      });
    },
    async delete(channelId, messageId) {
      await rest.delete(Routes.channelMessage(channelId, messageId));
    },
  };
}
