import type { GatewayHost, GatewayServer } from "./gateway.ts";
import { type GatewaySession, Intent } from "./gateway-session.ts";
import { apiGuildCreate, apiMember, apiUser, apiVoiceState } from "./shapes.ts";
import { randomToken } from "./snowflake.ts";
import type { GatewayFrame, Json } from "./types.ts";
import { isVoiceChannel, type World } from "./world.ts";

export interface GatewayHostDeps {
  world: World;
  token: string;
  applicationId: string;
  heartbeatIntervalMs: number;
  disallowedIntents: number;
  maxGuildsPerShard: number;
  voiceEndpoint: string;
  gatewayUrl: () => string;
  gateway: () => GatewayServer;
  onIdentified: (session: GatewaySession) => void;
  onReceived: (frame: GatewayFrame) => void;
  onSent: (frame: GatewayFrame) => void;
}

/** READY/GUILD_CREATE contents and the bot's gateway requests (op 4 voice, op 8 members) answered from the world. */
export function createGatewayHost(deps: GatewayHostDeps): GatewayHost {
  const { world } = deps;
  const guildsOf = (session: GatewaySession) => [...world.guilds.values()].filter((g) => session.handlesGuild(g.id));

  return {
    token: deps.token,
    heartbeatIntervalMs: deps.heartbeatIntervalMs,
    disallowedIntents: deps.disallowedIntents,
    maxGuildsPerShard: deps.maxGuildsPerShard,
    guildCount: (session) => guildsOf(session).length,
    recordReceived: deps.onReceived,
    recordSent: deps.onSent,
    identified: deps.onIdentified,
    ready: (session) => ({
      v: 10,
      user_settings: {},
      user: { ...apiUser(world.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: guildsOf(session).map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: deps.gatewayUrl(),
      shard: session.shard,
      application: { id: deps.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ["fake"],
      auth: {},
      _trace: ["fake-discord"],
    }),
    guildCreates: (session) => guildsOf(session).map((g) => apiGuildCreate(world, g, session.intents)),
    voiceStateUpdate: (session, d) => {
      const guild = world.guilds.get(String(d.guild_id ?? ""));
      if (!guild || !session.handlesGuild(guild.id)) return;
      const channelId: string | null = d.channel_id ?? null;
      if (channelId !== null && !isVoiceChannel(guild.channels.get(channelId)?.type ?? -1)) return;
      const bot = world.botUser.id;
      const entry = world.setVoice(guild.id, bot, channelId, {
        selfMute: d.self_mute === true,
        selfDeaf: d.self_deaf === true,
        sessionId: session.id,
      });
      const state = apiVoiceState(guild, entry, bot);
      if (entry === null) state.session_id = session.id;
      deps
        .gateway()
        .dispatch("VOICE_STATE_UPDATE", state, (s) => s.has(Intent.GuildVoiceStates) && s.handlesGuild(guild.id));
      if (channelId !== null) {
        deps.gateway().dispatchTo(session, "VOICE_SERVER_UPDATE", {
          token: randomToken("voice-token-", 12),
          guild_id: guild.id,
          endpoint: deps.voiceEndpoint,
        });
      }
    },
    requestMembers: (_session, d) => {
      const ids: string[] = Array.isArray(d.guild_id) ? d.guild_id : [String(d.guild_id ?? "")];
      const chunks: Json[] = [];
      for (const guildId of ids) {
        const guild = world.guilds.get(guildId);
        if (!guild) continue;
        const wanted: string[] | null = Array.isArray(d.user_ids)
          ? d.user_ids
          : d.user_ids
            ? [String(d.user_ids)]
            : null;
        const query = typeof d.query === "string" ? d.query.toLowerCase() : "";
        const limit = Number(d.limit ?? 0) || Number.POSITIVE_INFINITY;
        const members = [...guild.members.values()]
          .filter((m) => (wanted ? wanted.includes(m.user.id) : m.user.username.toLowerCase().startsWith(query)))
          .slice(0, limit);
        chunks.push({
          guild_id: guild.id,
          members: members.map((m) => apiMember(m)),
          chunk_index: 0,
          chunk_count: 1,
          ...(wanted ? { not_found: wanted.filter((id) => !guild.members.has(id)) } : {}),
          ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
        });
      }
      return chunks;
    },
  };
}
