import {
  ChannelType,
  Client,
  type ClientOptions,
  GatewayIntentBits,
  type GuildMember,
  LimitedCollection,
  Options,
  Partials,
  PermissionFlagsBits,
  type Role,
  type User,
} from "discord.js";
import { DEFAULT_DJ_ROLE_NAME } from "../commands/permissions.ts";
import { NO_MENTIONS } from "./responder.ts";

export interface ClientFactoryOptions {
  /** Message content is a privileged intent: ask for it only while prefix commands are on. */
  prefixCommands: boolean;
  apiBase?: string;
  /** Total shards ("auto": Discord's recommendation from GET /gateway/bot). */
  shardCount: number | "auto";
  /** The shards this process runs (default: all of them). Set by the sharding manager in multi-process mode. */
  shardIds?: readonly number[];
  /** Roles the bot holds, by guild, as GUILD_CREATE announced them (see {@link keepRole}). */
  botRoles?: (guildId: string) => ReadonlySet<string> | undefined;
}

/** Intents Encore needs, given whether prefix commands are enabled. */
export function intentsFor(prefixCommands: boolean): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates];
  if (prefixCommands) intents.push(GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent);
  return intents;
}

/** Permission bits Encore's checks read from roles: Manage Server (and what implies it) and stage speaking rights. */
const CHECKED_PERMISSIONS =
  PermissionFlagsBits.Administrator |
  PermissionFlagsBits.ManageGuild |
  PermissionFlagsBits.MuteMembers |
  PermissionFlagsBits.RequestToSpeak;

/**
 * Roles worth caching: @everyone, roles granting a permission Encore checks (prefix commands compute a member's
 * Manage Server from their role ids), roles named like the default DJ role, and the bot's own roles (its stage
 * rights). Other roles are known by id from interaction and message payloads, which is all the DJ-role setting needs.
 */
export function keepRole(role: Role, botRoles?: ReadonlySet<string>): boolean {
  return (
    role.id === role.guild.id ||
    (role.permissions.bitfield & CHECKED_PERMISSIONS) !== 0n ||
    role.name === DEFAULT_DJ_ROLE_NAME ||
    (botRoles?.has(role.id) ?? false)
  );
}

/**
 * Channels worth caching: stage channels only (the bot's stage rights are computed from their overwrites). Replies,
 * now-playing messages and typing go through REST by channel id; voice joins need only ids; prefix commands in an
 * uncached channel arrive through discord.js's channel partials.
 */
export function keepChannel(channel: { type: ChannelType }): boolean {
  return channel.type === ChannelType.GuildStageVoice;
}

/** Members worth caching: the bot itself and other bots (so listener counts can leave bots out). */
export function keepMember(member: GuildMember): boolean {
  return member.user.bot || member.id === member.client.user?.id;
}

/** Users worth caching: bots, the bot itself included. Everyone else arrives with each payload. */
export function keepUser(user: User): boolean {
  return user.bot || user.id === user.client.user?.id;
}

/**
 * A discord.js client that caches only what a music bot reads: guilds, every voice state, the bot's own member and
 * other bots, roles as far as permission checks need them, stage channels. Member roles and permissions come from
 * interaction and message payloads. No messages, presences, reactions, threads, emojis, stickers, events, invites.
 */
export function createDiscordClient(opts: ClientFactoryOptions): Client {
  const limited = <T>(keepOverLimit: (value: T) => boolean) => ({ maxSize: 0, keepOverLimit });
  const options: ClientOptions = {
    intents: intentsFor(opts.prefixCommands),
    allowedMentions: NO_MENTIONS,
    // A message in a channel that is not cached still reaches the prefix router.
    partials: [Partials.Channel],
    makeCache: shareEmptyCaches({
      ...Options.DefaultMakeCacheSettings,
      ApplicationCommandManager: 0,
      GuildSoundboardSoundManager: 0,
      ApplicationEmojiManager: 0,
      AutoModerationRuleManager: 0,
      BaseGuildEmojiManager: 0,
      DMMessageManager: 0,
      EntitlementManager: 0,
      GuildBanManager: 0,
      GuildEmojiManager: 0,
      GuildForumThreadManager: 0,
      GuildInviteManager: 0,
      GuildMessageManager: 0,
      GuildScheduledEventManager: 0,
      GuildStickerManager: 0,
      GuildTextThreadManager: 0,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      StageInstanceManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      GuildMemberManager: limited(keepMember),
      UserManager: limited(keepUser),
      // discord.js documents these four as "not officially supported" to limit; LimitedCollection works for them
      // and the integration suite runs against exactly these limits.
      ChannelManager: limited(keepChannel),
      GuildChannelManager: limited(keepChannel),
      RoleManager: limited((role: Role) => keepRole(role, opts.botRoles?.(role.guild.id))),
    }),
    sweepers: { ...Options.DefaultSweeperSettings },
  };
  if (opts.shardCount === "auto") {
    options.shards = opts.shardIds ? [...opts.shardIds] : "auto";
  } else {
    options.shardCount = opts.shardCount;
    options.shards = opts.shardIds ? [...opts.shardIds] : Array.from({ length: opts.shardCount }, (_, i) => i);
  }
  if (opts.apiBase) options.rest = { api: opts.apiBase };
  return new Client(options);
}

type CacheSettings = Record<string, unknown>;

/**
 * discord.js's `cacheWithLimits`, except that a manager limited to 0 with nothing kept over the limit gets one empty
 * collection shared by every manager of its kind. Such a collection never holds anything (a LimitedCollection of size
 * 0 drops every `set`), and discord.js makes one per guild for emojis, stickers, bans, invites, presences, scheduled
 * events, stage instances, soundboard sounds and automod rules: nine empty collections per guild otherwise.
 */
export function shareEmptyCaches(settings: CacheSettings): NonNullable<ClientOptions["makeCache"]> {
  // biome-ignore lint/suspicious/noExplicitAny: the typings leave some managers (channels, roles) out of `Caches`
  const make = Options.cacheWithLimits(settings as any);
  const shared = new Map<string, LimitedCollection<unknown, unknown>>();
  return ((managerType: { name: string }, holds: unknown, manager: { name: string }) => {
    const name = settings[manager.name] !== undefined ? manager.name : managerType.name;
    if (settings[name] !== 0) return (make as (...args: unknown[]) => unknown)(managerType, holds, manager);
    let empty = shared.get(name);
    if (!empty) {
      empty = new LimitedCollection({ maxSize: 0 });
      shared.set(name, empty);
    }
    return empty;
  }) as unknown as NonNullable<ClientOptions["makeCache"]>;
}
