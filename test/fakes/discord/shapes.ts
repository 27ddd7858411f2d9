import type { FakeUser, Json } from "./types.ts";
import type { ChannelState, DmChannel, GuildState, MemberState, RoleState, VoiceEntry, World } from "./world.ts";

/** Wire shapes (Discord API v10) of the fake's state. */

export function apiUser(u: FakeUser): Json {
  return {
    id: u.id,
    username: u.username,
    discriminator: "0",
    global_name: u.global_name ?? null,
    avatar: null,
    ...(u.bot ? { bot: true } : {}),
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

export function apiRole(r: RoleState): Json {
  return {
    id: r.id,
    name: r.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: r.position,
    permissions: r.permissions,
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function apiChannel(c: ChannelState): Json {
  const common = {
    id: c.id,
    type: c.type,
    guild_id: c.guildId,
    name: c.name,
    position: c.position,
    permission_overwrites: c.permission_overwrites,
    parent_id: c.parent_id,
    flags: 0,
  };
  if (c.type === 4) return common;
  if (c.type === 2 || c.type === 13) {
    return {
      ...common,
      nsfw: false,
      bitrate: 64_000,
      user_limit: 0,
      rtc_region: null,
      video_quality_mode: 1,
      rate_limit_per_user: 0,
      last_message_id: null,
    };
  }
  return { ...common, topic: null, nsfw: false, rate_limit_per_user: 0, last_message_id: null };
}

export function apiDmChannel(dm: DmChannel): Json {
  return { id: dm.id, type: 1, last_message_id: null, flags: 0, recipients: [apiUser(dm.recipient)] };
}

export function apiMember(m: MemberState, withUser = true): Json {
  return {
    ...(withUser ? { user: apiUser(m.user) } : {}),
    nick: m.nick,
    avatar: null,
    banner: null,
    roles: [...m.roles],
    joined_at: m.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

export function apiVoiceState(guild: GuildState, v: VoiceEntry | null, userId: string, inGuildCreate = false): Json {
  const member = guild.members.get(userId);
  return {
    ...(inGuildCreate ? {} : { guild_id: guild.id }),
    channel_id: v?.channelId ?? null,
    user_id: userId,
    ...(!inGuildCreate && member ? { member: apiMember(member) } : {}),
    session_id: v?.sessionId ?? "",
    deaf: false,
    mute: false,
    self_deaf: v?.selfDeaf ?? false,
    self_mute: v?.selfMute ?? false,
    self_video: false,
    suppress: v?.suppress ?? false,
    request_to_speak_timestamp: v?.requestToSpeakAt ?? null,
  };
}

/** A guild as GET /guilds/:id returns it. */
export function apiGuild(g: GuildState): Json {
  return {
    id: g.id,
    name: g.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    owner_id: g.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [...g.roles.values()].map(apiRole),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    description: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: g.preferredLocale,
    nsfw_level: 0,
    nsfw: false,
    region: "deprecated",
    hub_type: null,
    incidents_data: null,
  };
}

const GUILD_PRESENCES = 1 << 8;

/**
 * GUILD_CREATE as the gateway sends it. Like Discord, without the GUILD_PRESENCES intent `members` holds only the bot
 * and the users in voice channels, so a bot must not rely on its member cache.
 */
export function apiGuildCreate(world: World, g: GuildState, intents: number): Json {
  const members = [...g.members.values()].filter(
    (m) => (intents & GUILD_PRESENCES) !== 0 || m.user.id === world.botUser.id || g.voice.has(m.user.id),
  );
  return {
    ...apiGuild(g),
    joined_at: g.joinedAt,
    large: false,
    unavailable: false,
    lazy: true,
    member_count: g.members.size,
    channels: [...g.channels.values()].map((c) => {
      const { guild_id: _omit, ...rest } = apiChannel(c);
      return rest;
    }),
    members: members.map((m) => apiMember(m)),
    voice_states: [...g.voice.values()].map((v) => apiVoiceState(g, v, v.userId, true)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    activity_instances: [],
    application_command_counts: {},
    version: Date.now(),
  };
}
