export { FakeDiscord } from "./fake-discord.ts";
export type { ComponentOptions, SlashOptions } from "./fake-discord-inputs.ts";
export { Intent } from "./gateway-session.ts";
export {
  COMMUNITY_GUILD,
  type GeneratedGuild,
  type GuildShape,
  generateGuilds,
  SMALL_GUILD,
  shardOf,
} from "./guild-generator.ts";
export { ALL_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from "./permissions.ts";
export { SAMPLE, sampleGuild } from "./sample-guild.ts";
export type {
  ApplicationCommandOption,
  CommandJson,
  FakeChannel,
  FakeDiscordOptions,
  FakeGuildSpec,
  FakeInteraction,
  FakeMember,
  FakeRole,
  FakeUser,
  GatewayFrame,
  InteractionCallbackRecord,
  InteractionResponseView,
  RecordedFile,
  RecordedRequest,
  RejectedCallback,
  StoredMessage,
  UploadFile,
} from "./types.ts";
