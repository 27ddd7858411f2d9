import type { InteractionRecord } from "./interaction.ts";
import { apiChannel, apiMember, apiRole, apiUser } from "./shapes.ts";
import type { ApplicationCommandOption, Json } from "./types.ts";
import type { GuildState, World } from "./world.ts";

/** `data.resolved` for user (6), channel (7), role (8), mentionable (9) and attachment (11) options, as Discord fills it in. */
export function resolveOptions(
  world: World,
  guild: GuildState,
  options: ApplicationCommandOption[] | undefined,
  attachment: (id: string) => Json | undefined = () => undefined,
): Json {
  const resolved: { users: Json; members: Json; channels: Json; roles: Json; attachments: Json } = {
    users: {},
    members: {},
    channels: {},
    roles: {},
    attachments: {},
  };
  const visit = (list: ApplicationCommandOption[] | undefined) => {
    for (const o of list ?? []) {
      visit(o.options);
      const id = String(o.value ?? "");
      if (o.type === 6 || o.type === 9) {
        const member = guild.members.get(id);
        const user = member?.user ?? world.users.get(id);
        if (user) resolved.users[id] = apiUser(user);
        if (member) resolved.members[id] = { ...apiMember(member, false), permissions: "0" };
      }
      if (o.type === 7) {
        const channel = guild.channels.get(id);
        if (channel) resolved.channels[id] = { ...apiChannel(channel), permissions: "0" };
      }
      if (o.type === 11) {
        const file = attachment(id);
        if (file) resolved.attachments[id] = file;
      }
      if (o.type === 8 || o.type === 9) {
        const role = guild.roles.get(id);
        if (role) resolved.roles[id] = apiRole(role);
      }
    }
  };
  visit(options);
  const nonEmpty = Object.entries(resolved).filter(([, v]) => Object.keys(v).length > 0);
  return nonEmpty.length > 0 ? Object.fromEntries(nonEmpty) : undefined;
}

/** The INTERACTION_CREATE payload (guild context) for a record. */
export function interactionCreatePayload(
  world: World,
  applicationId: string,
  rec: InteractionRecord,
  data: Json,
  message?: Json,
): Json {
  const guild = world.requireGuild(rec.guildId);
  const channel = world.requireChannel(rec.guildId, rec.channelId);
  const member = world.requireMember(rec.guildId, rec.userId);
  const memberPerms = world.permissionsIn(guild, rec.userId, channel).toString();
  const appPerms = world.permissionsIn(guild, world.botUser.id, channel).toString();
  return {
    id: rec.id,
    application_id: applicationId,
    type: rec.type,
    data,
    guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
    guild_id: guild.id,
    channel: { ...apiChannel(channel), permissions: memberPerms },
    channel_id: channel.id,
    member: { ...apiMember(member), permissions: memberPerms },
    token: rec.token,
    version: 1,
    app_permissions: appPerms,
    locale: "en-US",
    guild_locale: guild.preferredLocale,
    entitlements: [],
    entitlement_sku_ids: [],
    authorizing_integration_owners: { "0": guild.id },
    context: 0,
    attachment_size_limit: 8_388_608,
    ...(message ? { message } : {}),
  };
}
