import type { Client } from "discord.js";

/** A gateway payload for the shard that owns a guild (lavalink-client's voice state updates, op 4). */
export interface GuildGatewayPayload {
  op: number;
  d: unknown;
}

/** The part of @discordjs/ws's manager used here: its `send` resolves once the payload was written. */
interface ShardSocketManager {
  send(shardId: number, payload: GuildGatewayPayload): Promise<void>;
}

/** Discord's shard formula: which shard carries a guild's events. */
export function shardIdFor(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(Math.max(1, shardCount)));
}

/**
 * Sends a payload on the shard that owns `guildId` and resolves once it has left the socket.
 *
 * Discord allows 120 gateway payloads a minute per connection; discord.js queues anything past 115 until the next
 * window. A voice join waits for Discord's answer with a timeout, and that timeout must start when the join was
 * really sent, not when it was queued — otherwise many guilds starting playback at once time out while their joins
 * are still waiting in the queue. discord.js's own `WebSocketShard#send` drops the promise, so this goes to the
 * underlying @discordjs/ws manager, falling back to the public call (resolving at once) if that is ever missing.
 * Guilds that belong to another process's shards are ignored.
 */
export function createGatewaySender(client: Client): (guildId: string, payload: GuildGatewayPayload) => Promise<void> {
  return async (guildId, payload) => {
    const shardId = client.guilds.cache.get(guildId)?.shardId ?? shardIdFor(guildId, client.options.shardCount ?? 1);
    const shard = client.ws.shards.get(shardId);
    if (!shard) return;
    const sockets = (client.ws as unknown as { _ws?: Partial<ShardSocketManager> | null })._ws;
    if (typeof sockets?.send === "function") {
      await sockets.send(shardId, payload);
      return;
    }
    shard.send(payload);
  };
}
