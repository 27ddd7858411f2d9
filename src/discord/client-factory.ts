import { Client, type ClientOptions, GatewayIntentBits, Options } from "discord.js";
import { NO_MENTIONS } from "./responder.ts";

export interface ClientFactoryOptions {
  /** Message content is a privileged intent: ask for it only while prefix commands are on. */
  prefixCommands: boolean;
  apiBase?: string;
}

/** Intents Encore needs, given whether prefix commands are enabled. */
export function intentsFor(prefixCommands: boolean): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates];
  if (prefixCommands) intents.push(GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent);
  return intents;
}

/**
 * A discord.js client with only the needed intents and bounded caches: no message, presence or reaction
 * caches (Encore never reads old messages), members and users capped, sweepers for threads and stale users.
 * Voice states, channels, roles and guilds stay fully cached: voice checks depend on them.
 */
export function createDiscordClient(opts: ClientFactoryOptions): Client {
  const options: ClientOptions = {
    intents: intentsFor(opts.prefixCommands),
    allowedMentions: NO_MENTIONS,
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildMessageManager: 0,
      DMMessageManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      GuildInviteManager: 0,
      StageInstanceManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      GuildMemberManager: { maxSize: 200, keepOverLimit: (m) => m.id === m.client.user.id },
      UserManager: { maxSize: 500, keepOverLimit: (u) => u.id === u.client.user.id },
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      users: { interval: 3600, filter: () => (u) => u.id !== u.client.user.id },
    },
  };
  if (opts.apiBase) options.rest = { api: opts.apiBase };
  return new Client(options);
}
