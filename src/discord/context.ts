import {
  type APIInteractionGuildMember,
  ChannelType,
  type Guild,
  type GuildMember,
  PermissionFlagsBits,
  PermissionsBitField,
} from "discord.js";
import type { MemberInfo, VoiceView } from "../commands/types.ts";
import type { MusicService } from "../music/types.ts";
import type { MessageMember } from "./payload-tap.ts";

/**
 * Member facts the preconditions need, from a cached GuildMember, an interaction's raw member (which carries
 * Discord's own permission total) or a message's raw member (role ids only: its guild-wide permissions are
 * computed from the cached roles, which keep every role granting a permission Encore checks).
 */
export function memberInfo(
  guild: Guild | null,
  userId: string,
  member: GuildMember | APIInteractionGuildMember | MessageMember | null,
  permissions: Readonly<PermissionsBitField> | null,
): MemberInfo | null {
  if (!guild || !member) return null;
  const roleIds = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  const roleNames = roleIds.map((id) => guild.roles.cache.get(id)?.name).filter((n): n is string => Boolean(n));
  const isOwner = guild.ownerId === userId;
  const perms =
    permissions?.bitfield ??
    ("permissions" in member && typeof member.permissions === "string"
      ? BigInt(member.permissions)
      : "permissions" in member && typeof member.permissions === "object"
        ? member.permissions.bitfield
        : guildPermissions(guild, roleIds, isOwner));
  return { roleIds, roleNames, permissions: perms, isOwner };
}

/** Guild-wide permissions of a member with these roles (@everyone included), as Discord computes them. */
export function guildPermissions(guild: Guild, roleIds: readonly string[], isOwner: boolean): bigint {
  const all = PermissionsBitField.All;
  if (isOwner) return all;
  let bits = guild.roles.cache.get(guild.id)?.permissions.bitfield ?? 0n;
  for (const id of roleIds) bits |= guild.roles.cache.get(id)?.permissions.bitfield ?? 0n;
  return (bits & PermissionFlagsBits.Administrator) !== 0n ? all : bits;
}

/** Voice facts from Discord's own voice states, falling back to the player for the bot's channel. */
export function voiceView(guild: Guild | null, userId: string, botUserId: string, music: MusicService): VoiceView {
  const botChannelId = () =>
    guild ? (guild.voiceStates.cache.get(botUserId)?.channelId ?? music.botVoiceChannel(guild.id)) : null;
  return {
    userChannelId: () => guild?.voiceStates.cache.get(userId)?.channelId ?? null,
    botChannelId,
    listenerIds: () => {
      const channel = botChannelId();
      return guild && channel ? listenersIn(guild, channel, botUserId) : [];
    },
    stageRight: (channelId) => (guild ? stageRight(guild, channelId) : null),
  };
}

/** See VoiceView.stageRight: what the bot's permissions let it do in a stage channel. */
export function stageRight(guild: Guild, channelId: string): "speaker" | "request" | "none" | null {
  const channel = guild.channels.cache.get(channelId);
  if (channel?.type !== ChannelType.GuildStageVoice) return null;
  const me = guild.members.me;
  const perms = me ? channel.permissionsFor(me) : null;
  if (perms?.has(PermissionFlagsBits.MuteMembers)) return "speaker";
  if (perms?.has(PermissionFlagsBits.RequestToSpeak)) return "request";
  return "none";
}

/**
 * Members (not bots) in a voice channel, from Discord's voice states: THE listener count, for commands (votes,
 * control rights) and for music (pause when alone). A voice state without a cached member is judged by the cached
 * user, when there is one.
 */
export function listenersIn(guild: Guild, channelId: string, botUserId: string): string[] {
  return [...guild.voiceStates.cache.values()]
    .filter(
      (vs) =>
        vs.channelId === channelId &&
        vs.id !== botUserId &&
        !(vs.member?.user.bot ?? guild.client.users.cache.get(vs.id)?.bot),
    )
    .map((vs) => vs.id);
}
