import {
  type APIInteractionGuildMember,
  ChannelType,
  type Guild,
  type GuildMember,
  PermissionFlagsBits,
  type PermissionsBitField,
} from "discord.js";
import type { MemberInfo, VoiceView } from "../commands/types.ts";
import type { MusicService } from "../music/types.ts";

/** Member facts the preconditions need, from a cached GuildMember or an interaction's raw member. */
export function memberInfo(
  guild: Guild | null,
  member: GuildMember | APIInteractionGuildMember | null,
  permissions: Readonly<PermissionsBitField> | null,
): MemberInfo | null {
  if (!guild || !member) return null;
  const roleIds = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  const roleNames = roleIds.map((id) => guild.roles.cache.get(id)?.name).filter((n): n is string => Boolean(n));
  const userId = "id" in member && typeof member.id === "string" ? member.id : member.user.id;
  const perms =
    permissions?.bitfield ??
    ("permissions" in member && typeof member.permissions === "string"
      ? BigInt(member.permissions)
      : "permissions" in member && typeof member.permissions === "object"
        ? member.permissions.bitfield
        : 0n);
  return { roleIds, roleNames, permissions: perms, isOwner: guild.ownerId === userId };
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

/** Members (not bots) in a voice channel, from Discord's voice states. */
export function listenersIn(guild: Guild, channelId: string, botUserId: string): string[] {
  return [...guild.voiceStates.cache.values()]
    .filter((vs) => vs.channelId === channelId && vs.id !== botUserId && !vs.member?.user.bot)
    .map((vs) => vs.id);
}
