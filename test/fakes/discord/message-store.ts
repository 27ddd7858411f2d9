import { Recorder } from "./recorder.ts";
import { apiMember, apiUser } from "./shapes.ts";
import type { SnowflakeGenerator } from "./snowflake.ts";
import type { FakeUser, Json, RecordedFile, StoredMessage } from "./types.ts";
import type { World } from "./world.ts";

const EPHEMERAL = 1 << 6;

/** Internal record behind a StoredMessage: the public fields plus what the wire shape needs. */
export interface MessageRecord extends StoredMessage {
  type: number;
  timestamp: string;
  editedTimestamp: string | null;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: Json;
  tts: boolean;
  nonce?: string | number;
}

export interface NewMessage {
  channelId: string;
  guildId: string | null;
  author: FakeUser;
  body: Json;
  files: RecordedFile[];
  type?: number;
  interactionId?: string;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: Json;
  /** Extra flags (e.g. LOADING for a deferred response) on top of body.flags. */
  extraFlags?: number;
}

/** Messages by id and by channel; ephemeral messages are only reachable by id, as on Discord. */
export class MessageStore {
  readonly changes = new Recorder<MessageRecord>(
    "messages",
    (m) => `#${m.channel_id} ${m.id}: ${JSON.stringify(m.content)}`,
  );
  readonly #byId = new Map<string, MessageRecord>();
  readonly #byChannel = new Map<string, MessageRecord[]>();
  /** Attachment id → the attachment object and its bytes, for GET /attachments/… and slash attachment options. */
  readonly #files = new Map<string, { json: Json; data: Buffer }>();
  readonly #ids: SnowflakeGenerator;
  readonly #world: World;
  readonly #baseUrl: () => string;

  constructor(world: World, ids: SnowflakeGenerator, baseUrl: () => string) {
    this.#world = world;
    this.#ids = ids;
    this.#baseUrl = baseUrl;
  }

  get(id: string): MessageRecord | undefined {
    return this.#byId.get(id);
  }

  inChannel(channelId: string): MessageRecord[] {
    return this.#byChannel.get(channelId) ?? [];
  }

  create(input: NewMessage): MessageRecord {
    const body = input.body ?? {};
    const flags = Number(body.flags ?? 0) | (input.extraFlags ?? 0);
    const id = this.#ids.next();
    const record: MessageRecord = {
      id,
      channel_id: input.channelId,
      guild_id: input.guildId,
      content: typeof body.content === "string" ? body.content : "",
      embeds: Array.isArray(body.embeds) ? body.embeds.map(normalizeEmbed) : [],
      components: Array.isArray(body.components) ? body.components : [],
      attachments: this.#attachments(input.channelId, [], body.attachments, input.files),
      allowed_mentions: body.allowed_mentions,
      flags,
      author: input.author,
      edits: 0,
      deleted: false,
      ephemeral: (flags & EPHEMERAL) !== 0,
      ...(input.interactionId ? { interaction_id: input.interactionId } : {}),
      ...(body.message_reference ? { message_reference: { type: 0, ...body.message_reference } } : {}),
      raw: input.body,
      createdAt: Date.now(),
      type: input.type ?? (body.message_reference ? 19 : 0),
      timestamp: new Date().toISOString(),
      editedTimestamp: null,
      ...(input.webhookId ? { webhookId: input.webhookId } : {}),
      ...(input.applicationId ? { applicationId: input.applicationId } : {}),
      ...(input.interactionMetadata ? { interactionMetadata: input.interactionMetadata } : {}),
      tts: body.tts === true,
      ...(body.nonce !== undefined && body.nonce !== null ? { nonce: body.nonce } : {}),
    };
    this.#byId.set(id, record);
    if (!record.ephemeral) {
      const list = this.#byChannel.get(record.channel_id) ?? [];
      list.push(record);
      this.#byChannel.set(record.channel_id, list);
    }
    this.changes.push(record);
    return record;
  }

  /** Applies a PATCH body: present fields replace, `attachments` lists the ones to keep, new files are appended. */
  edit(record: MessageRecord, body: Json, files: RecordedFile[], clearFlags = 0): MessageRecord {
    const b = body ?? {};
    if ("content" in b) record.content = typeof b.content === "string" ? b.content : "";
    if ("embeds" in b) record.embeds = Array.isArray(b.embeds) ? b.embeds.map(normalizeEmbed) : [];
    if ("components" in b) record.components = Array.isArray(b.components) ? b.components : [];
    if ("allowed_mentions" in b) record.allowed_mentions = b.allowed_mentions;
    if ("attachments" in b || files.length > 0) {
      record.attachments = this.#attachments(record.channel_id, record.attachments, b.attachments, files);
    }
    if (typeof b.flags === "number") record.flags = (record.flags & EPHEMERAL) | (b.flags & ~EPHEMERAL);
    record.flags &= ~clearFlags;
    record.edits += 1;
    record.editedTimestamp = new Date().toISOString();
    record.raw = body;
    this.changes.notify(record);
    return record;
  }

  /** Stores an upload that belongs to no message yet (a slash command's attachment option). */
  upload(channelId: string, file: RecordedFile): Json {
    return this.#attachments(channelId, [], undefined, [file])[0];
  }

  /** An attachment's object and bytes by id. */
  file(id: string): { json: Json; data: Buffer } | undefined {
    return this.#files.get(id);
  }

  remove(record: MessageRecord): void {
    record.deleted = true;
    this.changes.notify(record);
  }

  /** A complete message object, as REST returns it and (with `withMember`) as MESSAGE_CREATE carries it. */
  toApi(m: MessageRecord, withMember = false): Json {
    const guild = m.guild_id ? this.#world.guilds.get(m.guild_id) : undefined;
    const member = withMember && guild && !m.webhookId ? guild.members.get(m.author.id) : undefined;
    const mentions = this.#mentions(m);
    return {
      id: m.id,
      type: m.type,
      channel_id: m.channel_id,
      ...(m.guild_id ? { guild_id: m.guild_id } : {}),
      author: apiUser(m.author),
      ...(member ? { member: apiMember(member, false) } : {}),
      content: m.content,
      timestamp: m.timestamp,
      edited_timestamp: m.editedTimestamp,
      tts: m.tts,
      mention_everyone: mentions.everyone,
      mentions: mentions.users,
      mention_roles: mentions.roles,
      attachments: m.attachments,
      embeds: m.embeds,
      components: m.components,
      pinned: false,
      flags: m.flags,
      ...(m.nonce !== undefined ? { nonce: m.nonce } : {}),
      ...(m.webhookId ? { webhook_id: m.webhookId } : {}),
      ...(m.applicationId ? { application_id: m.applicationId } : {}),
      ...(m.interactionMetadata ? { interaction_metadata: m.interactionMetadata } : {}),
      ...(m.message_reference ? { message_reference: m.message_reference } : {}),
    };
  }

  #mentions(m: MessageRecord): { users: Json[]; roles: string[]; everyone: boolean } {
    const am = m.allowed_mentions;
    const parse: string[] = am ? (Array.isArray(am.parse) ? am.parse : []) : ["users", "roles", "everyone"];
    const allowUser = (id: string) => parse.includes("users") || (Array.isArray(am?.users) && am.users.includes(id));
    const allowRole = (id: string) => parse.includes("roles") || (Array.isArray(am?.roles) && am.roles.includes(id));
    const userIds = [...m.content.matchAll(/<@!?(\d{15,21})>/g)].map((x) => x[1] ?? "").filter(allowUser);
    const roles = [...m.content.matchAll(/<@&(\d{15,21})>/g)].map((x) => x[1] ?? "").filter(allowRole);
    const users = [...new Set(userIds)].flatMap((id) => {
      const user = this.#world.users.get(id);
      return user ? [apiUser(user)] : [];
    });
    const everyone = parse.includes("everyone") && /@(everyone|here)/.test(m.content);
    return { users, roles: [...new Set(roles)], everyone };
  }

  #attachments(channelId: string, current: Json[], requested: Json, files: RecordedFile[]): Json[] {
    const kept = Array.isArray(requested)
      ? current.filter((a) => requested.some((r: Json) => String(r?.id) === String(a.id)))
      : current;
    const added = files.map((f, index) => {
      const id = this.#ids.next();
      const spec = Array.isArray(requested)
        ? requested.find((r: Json) => `files[${r?.id}]` === f.field || String(r?.id) === String(index))
        : undefined;
      const filename = spec?.filename ?? f.name;
      const url = `${this.#baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      const json = {
        id,
        filename,
        size: f.size,
        url,
        proxy_url: url,
        content_type: f.contentType,
        ...(spec?.description ? { description: spec.description } : {}),
      };
      this.#files.set(id, { json, data: f.data ?? Buffer.alloc(0) });
      return json;
    });
    return [...kept, ...added];
  }
}

function normalizeEmbed(e: Json): Json {
  return { type: "rich", ...e, content_scan_version: 0 };
}
