import type { FakeChannel, FakeGuildSpec, FakeMember, FakeRole } from "./types.ts";

/** Size of each generated guild. */
export interface GuildShape {
  textChannels: number;
  voiceChannels: number;
  /** Roles besides @everyone. */
  roles: number;
  /** Members besides the bot. */
  members: number;
  /** Members (from the first) sitting in the first voice channel. */
  inVoice: number;
}

/** A small guild: one text channel, one voice channel, one listener in it. */
export const SMALL_GUILD: GuildShape = { textChannels: 1, voiceChannels: 1, roles: 0, members: 1, inVoice: 1 };

/** A community-sized guild: 15 text and 15 voice channels, 27 roles, 20 members (one in voice). */
export const COMMUNITY_GUILD: GuildShape = { textChannels: 15, voiceChannels: 15, roles: 27, members: 20, inVoice: 1 };

/** First generated guild's snowflake timestamp (ms since the Discord epoch), so ids look like real ones. */
const BASE_TIMESTAMP = 300_000_000_000n;
const EVERYONE_PERMISSIONS = String((1n << 10n) | (1n << 11n) | (1n << 20n) | (1n << 21n) | (1n << 31n));

export interface GeneratedGuild {
  spec: FakeGuildSpec;
  textChannelId: string;
  voiceChannelId: string;
  /** The first member, in `voiceChannelId` when `inVoice` ≥ 1. */
  listenerId: string;
}

/**
 * `count` guilds of one shape. Guild `i` gets the snowflake timestamp BASE + i, so consecutive guilds fall on
 * consecutive shards under Discord's formula `(guild_id >> 22) % shard_count`; every other id in the guild shares
 * the timestamp and differs in the low 22 bits, so ids are unique across guilds.
 */
export function generateGuilds(count: number, shape: GuildShape = SMALL_GUILD, offset = 0): GeneratedGuild[] {
  return Array.from({ length: count }, (_, n) => generateGuild(offset + n, shape));
}

function generateGuild(i: number, shape: GuildShape): GeneratedGuild {
  const base = (BASE_TIMESTAMP + BigInt(i)) << 22n;
  let next = 0n;
  const id = () => {
    next += 1n;
    return String(base | next);
  };
  const guildId = String(base);
  const channels: FakeChannel[] = [];
  for (let k = 0; k < shape.textChannels; k++) channels.push({ id: id(), name: `text-${k + 1}`, type: 0 });
  for (let k = 0; k < shape.voiceChannels; k++) channels.push({ id: id(), name: `Voice ${k + 1}`, type: 2 });
  const roles: FakeRole[] = [{ id: guildId, name: "@everyone", permissions: EVERYONE_PERMISSIONS }];
  for (let k = 0; k < shape.roles; k++) roles.push({ id: id(), name: `role-${k + 1}`, permissions: "0" });
  const members: FakeMember[] = [];
  for (let k = 0; k < shape.members; k++) {
    // Members hold a few of the guild's roles, as in a real community.
    const held = roles.slice(1 + (k % Math.max(1, shape.roles)), 1 + (k % Math.max(1, shape.roles)) + 3);
    members.push({
      user: { id: id(), username: `member${i}-${k}` },
      roles: held.map((r) => r.id),
    });
  }
  const text = channels.find((c) => c.type === 0);
  const voice = channels.find((c) => c.type === 2);
  const listener = members[0];
  if (!text || !voice || !listener)
    throw new Error("generateGuilds: a guild needs a text channel, a voice channel and a member");
  const voiceStates = members.slice(0, shape.inVoice).map((m) => ({ userId: m.user.id, channelId: voice.id }));
  return {
    spec: { id: guildId, name: `Guild ${i}`, ownerId: id(), channels, roles, members, voiceStates },
    textChannelId: text.id,
    voiceChannelId: voice.id,
    listenerId: listener.user.id,
  };
}

/** Discord's shard formula. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
