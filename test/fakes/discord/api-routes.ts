import type { CommandStore } from "./commands.ts";
import { ApiError, Errors, invalidFormBody } from "./errors.ts";
import type { RestReply, RestRequest, Route } from "./rest-server.ts";
import { apiChannel, apiDmChannel, apiGuild, apiMember, apiRole, apiUser, apiVoiceState } from "./shapes.ts";
import type { Json } from "./types.ts";
import type { GuildState, World } from "./world.ts";

export interface ApiRouteDeps {
  world: World;
  commands: CommandStore;
  applicationId: string;
  gatewayUrl: () => string;
  sharding: { recommendedShards: number; maxConcurrency: number };
}

/** Gateway discovery, users, the application and its commands, and guild reads. */
export function apiRoutes(deps: ApiRouteDeps): Route[] {
  const { world, commands, applicationId } = deps;

  const guildOf = (req: RestRequest): GuildState => {
    const guild = world.guilds.get(req.params.guildId ?? "");
    if (!guild) throw Errors.unknownGuild();
    return guild;
  };
  /** Wraps a handler of the bot's own application's routes; another application's are Missing Access. */
  const ownApp =
    (handler: (req: RestRequest) => RestReply) =>
    (req: RestRequest): RestReply => {
      if (req.params.appId !== applicationId) throw Errors.missingAccess();
      return handler(req);
    };
  const scope = (req: RestRequest): string | undefined => {
    if (req.params.guildId === undefined) return undefined;
    return guildOf(req).id;
  };
  const application = () => ({
    id: applicationId,
    name: world.botUser.username,
    icon: null,
    description: "",
    summary: "",
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: "0".repeat(64),
    flags: 0,
    hook: true,
    is_monetized: false,
    integration_types_config: { "0": {} },
    owner: apiUser({ id: "100000000000000000", username: "owner" }),
    team: null,
    bot: apiUser(world.botUser),
    approximate_guild_count: world.guilds.size,
    tags: [],
  });

  const commandRoutes = (prefix: string): Route[] => [
    {
      method: "GET",
      pattern: `${prefix}`,
      auth: true,
      // Discord includes the localization dictionaries only when asked (with_localizations=true).
      handler: ownApp((req) => ({
        status: 200,
        body: commands
          .list(scope(req))
          .map((c) => (req.query.with_localizations === "true" ? c : withoutLocalizations(c))),
      })),
    },
    {
      method: "PUT",
      pattern: `${prefix}`,
      auth: true,
      handler: ownApp((req) => ({ status: 200, body: commands.bulkOverwrite(req.body, scope(req)) })),
    },
    {
      method: "POST",
      pattern: `${prefix}`,
      auth: true,
      handler: ownApp((req) => {
        const { command, created } = commands.upsert(req.body, scope(req));
        return { status: created ? 201 : 200, body: command };
      }),
    },
    {
      method: "GET",
      pattern: `${prefix}/:commandId`,
      auth: true,
      handler: ownApp((req) => ({ status: 200, body: commands.get(req.params.commandId ?? "", scope(req)) })),
    },
    {
      method: "PATCH",
      pattern: `${prefix}/:commandId`,
      auth: true,
      handler: ownApp((req) => ({
        status: 200,
        body: commands.edit(req.params.commandId ?? "", req.body, scope(req)),
      })),
    },
    {
      method: "DELETE",
      pattern: `${prefix}/:commandId`,
      auth: true,
      handler: ownApp((req) => {
        commands.remove(req.params.commandId ?? "", scope(req));
        return { status: 204 };
      }),
    },
  ];

  return [
    {
      method: "GET",
      pattern: "/gateway",
      auth: false,
      handler: () => ({ status: 200, body: { url: deps.gatewayUrl() } }),
    },
    {
      method: "GET",
      pattern: "/gateway/bot",
      auth: true,
      handler: () => ({
        status: 200,
        body: {
          url: deps.gatewayUrl(),
          shards: deps.sharding.recommendedShards,
          session_start_limit: {
            total: 1000,
            remaining: 999,
            reset_after: 0,
            max_concurrency: deps.sharding.maxConcurrency,
          },
        },
      }),
    },
    {
      method: "GET",
      pattern: "/users/@me",
      auth: true,
      handler: () => ({ status: 200, body: apiUser(world.botUser) }),
    },
    {
      method: "POST",
      pattern: "/users/@me/channels",
      auth: true,
      handler: (req) => {
        const recipient = world.users.get(String(req.body?.recipient_id ?? ""));
        if (!recipient) {
          throw invalidFormBody([{ path: ["recipient_id"], code: "USER_NOT_FOUND", message: "Unknown User" }]);
        }
        if (recipient.bot) throw new ApiError(400, 50007, "Cannot send messages to this user");
        return { status: 200, body: apiDmChannel(world.openDm(recipient)) };
      },
    },
    {
      method: "GET",
      pattern: "/users/:userId",
      auth: true,
      handler: (req) => {
        const user = world.users.get(req.params.userId ?? "");
        if (!user) throw Errors.unknownUser();
        return { status: 200, body: apiUser(user) };
      },
    },
    { method: "GET", pattern: "/applications/@me", auth: true, handler: () => ({ status: 200, body: application() }) },
    {
      method: "GET",
      pattern: "/oauth2/applications/@me",
      auth: true,
      handler: () => ({ status: 200, body: application() }),
    },
    ...commandRoutes("/applications/:appId/guilds/:guildId/commands"),
    ...commandRoutes("/applications/:appId/commands"),
    {
      method: "GET",
      pattern: "/guilds/:guildId",
      auth: true,
      handler: (req) => {
        const guild = guildOf(req);
        const counts =
          req.query.with_counts === "true"
            ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 }
            : {};
        return { status: 200, body: { ...apiGuild(guild), ...counts } };
      },
    },
    {
      method: "GET",
      pattern: "/guilds/:guildId/channels",
      auth: true,
      handler: (req) => ({ status: 200, body: [...guildOf(req).channels.values()].map(apiChannel) }),
    },
    {
      method: "GET",
      pattern: "/guilds/:guildId/roles",
      auth: true,
      handler: (req) => ({ status: 200, body: [...guildOf(req).roles.values()].map(apiRole) }),
    },
    {
      method: "GET",
      pattern: "/guilds/:guildId/members",
      auth: true,
      handler: (req) => {
        const limit = Math.min(Math.max(Number(req.query.limit ?? 1), 1), 1000);
        const after = BigInt(req.query.after ?? "0");
        const list = [...guildOf(req).members.values()]
          .filter((m) => BigInt(m.user.id) > after)
          .sort((a, b) => (BigInt(a.user.id) < BigInt(b.user.id) ? -1 : 1))
          .slice(0, limit);
        return { status: 200, body: list.map((m) => apiMember(m)) };
      },
    },
    {
      method: "GET",
      pattern: "/guilds/:guildId/members/:userId",
      auth: true,
      handler: (req) => {
        const member = guildOf(req).members.get(req.params.userId ?? "");
        if (!member) throw Errors.unknownMember();
        return { status: 200, body: apiMember(member) };
      },
    },
    {
      method: "GET",
      pattern: "/guilds/:guildId/voice-states/:userId",
      auth: true,
      handler: (req) => {
        const guild = guildOf(req);
        const userId = req.params.userId === "@me" ? world.botUser.id : (req.params.userId ?? "");
        const state = guild.voice.get(userId);
        if (!state) throw Errors.unknownVoiceState();
        return { status: 200, body: apiVoiceState(guild, state, userId) };
      },
    },
  ];
}

/** A stored command as GET returns it without with_localizations: no localization dictionaries at any level. */
function withoutLocalizations(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutLocalizations);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, Json> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "name_localizations" || key === "description_localizations") continue;
    out[key] = withoutLocalizations(v);
  }
  return out;
}
