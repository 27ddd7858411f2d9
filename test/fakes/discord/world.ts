import { randomBytes } from "node:crypto";
import { channelPermissions, DEFAULT_EVERYONE_PERMISSIONS, type PermissionSubject } from "./permissions.ts";
import type { SnowflakeGenerator } from "./snowflake.ts";
import type { FakeChannel, FakeGuildSpec, FakeMember, FakeRole, FakeUser } from "./types.ts";

export interface ChannelState extends FakeChannel {
  guildId: string;
  position: number;
  parent_id: string | null;
  permission_overwrites: unknown[];
}

export interface RoleState extends FakeRole {
  position: number;
}

export interface MemberState {
  user: FakeUser;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface VoiceEntry {
  userId: string;
  channelId: string;
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
  /** In a stage channel: true while the user is in the audience (everyone joins a stage suppressed). */
  suppress: boolean;
  /** ISO time of a pending request to speak on a stage. */
  requestToSpeakAt: string | null;
}

export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  channels: Map<string, ChannelState>;
  roles: Map<string, RoleState>;
  members: Map<string, MemberState>;
  voice: Map<string, VoiceEntry>;
  joinedAt: string;
  preferredLocale: string;
}

export interface DmChannel {
  id: string;
  recipient: FakeUser;
}

/** Voice (2) and stage (13) channels can be joined. */
export const isVoiceChannel = (type: number): boolean => type === 2 || type === 13;

export type ResolvedChannel =
  | { kind: "guild"; guild: GuildState; channel: ChannelState }
  | { kind: "dm"; dm: DmChannel };

/** The mutable state of the fake: guilds, their channels, roles, members and voice states, and DM channels. */
export class World {
  readonly guilds = new Map<string, GuildState>();
  readonly dms = new Map<string, DmChannel>();
  readonly users = new Map<string, FakeUser>();
  readonly botUser: FakeUser;
  readonly #ids: SnowflakeGenerator;

  constructor(botUser: FakeUser, ids: SnowflakeGenerator) {
    this.botUser = botUser;
    this.#ids = ids;
    this.users.set(botUser.id, botUser);
  }

  addGuild(spec: FakeGuildSpec): GuildState {
    if (this.guilds.has(spec.id)) throw new Error(`FakeDiscord: guild ${spec.id} already exists`);
    const joinedAt = new Date().toISOString();
    const guild: GuildState = {
      id: spec.id,
      name: spec.name,
      ownerId: spec.ownerId,
      preferredLocale: spec.preferredLocale ?? "en-US",
      channels: new Map(),
      roles: new Map(),
      members: new Map(),
      voice: new Map(),
      joinedAt,
    };
    spec.channels.forEach((c, index) => {
      guild.channels.set(c.id, {
        ...c,
        guildId: spec.id,
        position: c.position ?? index,
        parent_id: c.parent_id ?? null,
        permission_overwrites: c.permission_overwrites ?? [],
      });
    });
    if (!spec.roles.some((r) => r.id === spec.id)) {
      guild.roles.set(spec.id, {
        id: spec.id,
        name: "@everyone",
        permissions: DEFAULT_EVERYONE_PERMISSIONS.toString(),
        position: 0,
      });
    }
    spec.roles.forEach((r, index) => {
      guild.roles.set(r.id, { ...r, position: r.position ?? (r.id === spec.id ? 0 : index + 1) });
    });
    this.guilds.set(guild.id, guild);
    for (const m of spec.members) this.addMember(guild.id, m);
    if (!guild.members.has(this.botUser.id)) this.addMember(guild.id, { user: this.botUser, roles: [] });
    for (const v of spec.voiceStates ?? []) this.setVoice(guild.id, v.userId, v.channelId);
    return guild;
  }

  requireGuild(guildId: string): GuildState {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
    return guild;
  }

  requireMember(guildId: string, userId: string): MemberState {
    const member = this.requireGuild(guildId).members.get(userId);
    if (!member) throw new Error(`FakeDiscord: user ${userId} is not a member of guild ${guildId}`);
    return member;
  }

  requireChannel(guildId: string, channelId: string): ChannelState {
    const channel = this.requireGuild(guildId).channels.get(channelId);
    if (!channel) throw new Error(`FakeDiscord: unknown channel ${channelId} in guild ${guildId}`);
    return channel;
  }

  addMember(guildId: string, member: FakeMember): MemberState {
    const guild = this.requireGuild(guildId);
    const known = this.users.get(member.user.id);
    const user = known && member.user.id === this.botUser.id ? known : member.user;
    this.users.set(user.id, user);
    for (const role of member.roles) {
      if (!guild.roles.has(role)) throw new Error(`FakeDiscord: unknown role ${role} for member ${user.id}`);
    }
    const state: MemberState = {
      user,
      roles: member.roles.filter((r) => r !== guildId),
      nick: member.nick ?? null,
      joinedAt: new Date().toISOString(),
    };
    guild.members.set(user.id, state);
    return state;
  }

  /** Moves a user (or removes them with null); returns the entry now in effect. */
  setVoice(
    guildId: string,
    userId: string,
    channelId: string | null,
    flags: { selfMute?: boolean; selfDeaf?: boolean; sessionId?: string } = {},
  ): VoiceEntry | null {
    const guild = this.requireGuild(guildId);
    this.requireMember(guildId, userId);
    if (channelId === null) {
      guild.voice.delete(userId);
      return null;
    }
    const channel = this.requireChannel(guildId, channelId);
    if (!isVoiceChannel(channel.type)) throw new Error(`FakeDiscord: channel ${channelId} is not a voice channel`);
    const previous = guild.voice.get(userId);
    const sameChannel = previous?.channelId === channelId;
    const entry: VoiceEntry = {
      userId,
      channelId,
      sessionId: flags.sessionId ?? previous?.sessionId ?? randomBytes(16).toString("hex"),
      selfMute: flags.selfMute ?? false,
      selfDeaf: flags.selfDeaf ?? false,
      suppress: sameChannel ? (previous?.suppress ?? false) : channel.type === 13,
      requestToSpeakAt: sameChannel ? (previous?.requestToSpeakAt ?? null) : null,
    };
    guild.voice.set(userId, entry);
    return entry;
  }

  resolveChannel(channelId: string): ResolvedChannel | null {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.get(channelId);
      if (channel) return { kind: "guild", guild, channel };
    }
    const dm = this.dms.get(channelId);
    return dm ? { kind: "dm", dm } : null;
  }

  openDm(recipient: FakeUser): DmChannel {
    for (const dm of this.dms.values()) if (dm.recipient.id === recipient.id) return dm;
    const dm: DmChannel = { id: this.#ids.next(), recipient };
    this.dms.set(dm.id, dm);
    return dm;
  }

  permissionSubject(guild: GuildState, userId: string): PermissionSubject {
    return {
      guildId: guild.id,
      ownerId: guild.ownerId,
      rolePermissions: (roleId) => BigInt(guild.roles.get(roleId)?.permissions ?? "0"),
      userId,
      memberRoles: guild.members.get(userId)?.roles ?? [],
    };
  }

  /** Permissions of a member in a channel, overwrites applied. */
  permissionsIn(guild: GuildState, userId: string, channel: ChannelState): bigint {
    return channelPermissions(this.permissionSubject(guild, userId), channel.permission_overwrites);
  }
}
