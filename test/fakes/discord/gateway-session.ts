import type { WebSocket } from "ws";
import type { Json } from "./types.ts";

export interface LoggedDispatch {
  s: number;
  t: string;
  d: Json;
}

/**
 * One gateway session (created by IDENTIFY). It outlives its socket: dispatches produced while the bot is disconnected
 * are logged with their sequence numbers and replayed on RESUME, as Discord does.
 */
export class GatewaySession {
  readonly id: string;
  readonly intents: number;
  readonly shard: [number, number];
  readonly log: LoggedDispatch[] = [];
  seq = 0;
  socket: WebSocket | null = null;

  constructor(id: string, intents: number, shard: [number, number]) {
    this.id = id;
    this.intents = intents;
    this.shard = shard;
  }

  /** Whether this session receives events of a guild (Discord's shard formula). */
  handlesGuild(guildId: string): boolean {
    const [shardId, count] = this.shard;
    return count <= 1 || Number((BigInt(guildId) >> 22n) % BigInt(count)) === shardId;
  }

  has(intent: number): boolean {
    return (this.intents & intent) !== 0;
  }
}

/** Gateway intent bits used for gating dispatches. */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildVoiceStates: 1 << 7,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

/** Intents that must be enabled in the developer portal. */
export const PRIVILEGED_INTENTS = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;

/** Every intent bit Discord defines (up to DirectMessagePolls, 1 << 25). */
export const VALID_INTENTS = (1 << 26) - 1;
