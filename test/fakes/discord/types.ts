/**
 * Public shapes of the fake Discord used by Encore's integration tests. Ids are snowflake strings everywhere,
 * exactly as on the wire.
 */

// biome-ignore lint/suspicious/noExplicitAny: recorded wire JSON of arbitrary shape, asserted on without casts
export type Json = any;

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
  global_name?: string | null;
}

/** 0 = guild text, 2 = guild voice, 4 = category, 13 = stage. */
export interface FakeChannel {
  id: string;
  name: string;
  type: 0 | 2 | 4 | 13;
  parent_id?: string | null;
  /** Raw overwrite objects `{ id, type: 0 role | 1 member, allow, deny }` with bitfields as decimal strings. */
  permission_overwrites?: unknown[];
  position?: number;
}

export interface FakeRole {
  id: string;
  name: string;
  /** Permission bitfield as a decimal string. */
  permissions: string;
  position?: number;
}

export interface FakeMember {
  user: FakeUser;
  /** Role ids, without the @everyone role. */
  roles: string[];
  nick?: string | null;
}

export interface FakeGuildSpec {
  id: string;
  name: string;
  ownerId: string;
  channels: FakeChannel[];
  /** The @everyone role (id == guild id) is added with Discord's default permissions when absent. */
  roles: FakeRole[];
  /** The bot's own member is added (with no extra roles) when absent. */
  members: FakeMember[];
  voiceStates?: { userId: string; channelId: string }[];
  /** The server's Discord language (community servers choose one); default "en-US", every other server's. */
  preferredLocale?: string;
}

/** An application command as the bot would PUT it (raw API JSON). */
export type CommandJson = Record<string, Json>;

export interface FakeDiscordOptions {
  /** Default "fake-token". */
  token?: string;
  /** Default: the bot user's id (as for real bot applications). */
  applicationId?: string;
  botUser?: FakeUser;
  guilds?: FakeGuildSpec[];
  /** Time allowed between INTERACTION_CREATE and the first callback. Default 3000. */
  interactionDeadlineMs?: number;
  /** Default 41250. */
  heartbeatIntervalMs?: number;
  /** Commands Discord already has before the bot starts (so a diff-before-write start-up can be tested). */
  commands?: { global?: CommandJson[]; guilds?: Record<string, CommandJson[]> };
  /** IDENTIFY with any of these intent bits set is closed with 4014 (privileged intent not enabled). Default 0. */
  disallowedIntents?: number;
  /** Requests allowed per route bucket per 1 s window before the fake answers 429 itself. Default 50. */
  rateLimitPerBucket?: number;
  /** `shards` of GET /gateway/bot: Discord's recommended shard count. Default 1. */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency` of GET /gateway/bot: shards that may IDENTIFY per 5 s. Default 1. */
  maxConcurrency?: number;
  /** A session that would receive more guilds than this is closed with 4011 (sharding required). Default 2500. */
  maxGuildsPerShard?: number;
  /** `endpoint` of VOICE_SERVER_UPDATE. Default "127.0.0.1:1". */
  voiceEndpoint?: string;
}

export interface RecordedFile {
  field: string;
  name: string;
  size: number;
  contentType: string;
  /** The file's bytes (served again at the attachment's URL). */
  data?: Buffer;
}

/** A file a test user uploads with a message or a slash command option. */
export interface UploadFile {
  name: string;
  data: Buffer | string;
  /** Default application/json for .json, else application/octet-stream. */
  contentType?: string;
  /** Claim a different size than the data has (Discord reports what it stored; a test can lie). */
  size?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. "/channels/1/messages" (the full path when the version prefix is wrong). */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON, or for multipart the parsed payload_json; null when there was no body. */
  body: Json;
  /** Files of a multipart body. */
  files: RecordedFile[];
  status: number;
  /** Arrival time (Date.now()). Entries are appended when the response is sent. */
  at: number;
}

export interface GatewayFrame {
  op: number;
  d: Json;
  s?: number | null;
  t?: string | null;
  at: number;
  /** Shard id of the session that sent (or received) the frame; absent before IDENTIFY/RESUME. */
  shard?: number;
}

export interface ApplicationCommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: ApplicationCommandOption[];
  focused?: boolean;
}

export interface InteractionResponseView {
  content: string;
  embeds: Json[];
  components: Json[];
  flags?: number;
  allowed_mentions?: Json;
  ephemeral: boolean;
  /** The first callback was a defer (type 5 or 6). */
  deferred: boolean;
}

export interface InteractionCallbackRecord {
  type: number;
  data: Json;
  at: number;
}

export interface RejectedCallback {
  type: number;
  status: number;
  code: number;
  at: number;
}

export interface FakeInteraction {
  readonly id: string;
  readonly token: string;
  /** 2 application command, 3 message component, 4 autocomplete. */
  readonly type: number;
  /** Accepted callbacks, in order. */
  readonly callbacks: InteractionCallbackRecord[];
  /** Callbacks the fake refused (late, duplicate, invalid). */
  readonly rejected: RejectedCallback[];
  readonly acknowledgedAt: number | null;
  /** Follow-up message objects, as returned to the bot. */
  readonly followups: Json[];
  /** `data.choices` of a type 8 callback. */
  readonly autocompleteChoices: Json[] | null;
  /** Data of a type 9 (modal) callback. */
  readonly modal: Json | null;
  /**
   * Resolves with what the user finally sees as the original response: type 4/7 callback data, or the latest PATCH of
   * @original after a type 5/6 defer. Without `pred`, the latest such view (past or future); with `pred`, the latest
   * view matching it. Rejects after `timeoutMs` (default 5000) describing what was received.
   */
  waitForResponse(timeoutMs?: number, pred?: (r: InteractionResponseView) => boolean): Promise<InteractionResponseView>;
}

export interface StoredMessage {
  readonly id: string;
  readonly channel_id: string;
  readonly guild_id: string | null;
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: Json[];
  allowed_mentions?: Json;
  flags: number;
  author: FakeUser;
  /** Number of successful edits. */
  edits: number;
  deleted: boolean;
  ephemeral: boolean;
  /** Set when the message is an interaction response or follow-up. */
  interaction_id?: string;
  message_reference?: Json;
  /** Last request body that created or edited the message. */
  raw: Json;
  readonly createdAt: number;
}
