import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { apiRoutes } from "./api-routes.ts";
import { channelRoutes } from "./channel-routes.ts";
import { CommandStore } from "./commands.ts";
import {
  type ComponentOptions,
  describeFrame,
  type InteractionTarget,
  recordedUpload,
  type SlashOptions,
} from "./fake-discord-inputs.ts";
import { GatewayServer } from "./gateway.ts";
import { createGatewayHost } from "./gateway-host.ts";
import { type GatewaySession, Intent } from "./gateway-session.ts";
import { InteractionKind, InteractionRecord } from "./interaction.ts";
import { interactionCreatePayload, resolveOptions } from "./interaction-payloads.ts";
import { type InteractionRegistry, interactionRoutes } from "./interaction-routes.ts";
import { dispatchMessageEvent } from "./message-events.ts";
import { MessageStore } from "./message-store.ts";
import { RateLimiter } from "./rate-limits.ts";
import { Recorder } from "./recorder.ts";
import { RestServer } from "./rest-server.ts";
import { apiGuildCreate, apiMember, apiVoiceState } from "./shapes.ts";
import { randomToken, SnowflakeGenerator } from "./snowflake.ts";
import type {
  ApplicationCommandOption,
  FakeDiscordOptions,
  FakeGuildSpec,
  FakeInteraction,
  FakeMember,
  FakeUser,
  GatewayFrame,
  Json,
  RecordedRequest,
  StoredMessage,
  UploadFile,
} from "./types.ts";
import { voiceRoutes } from "./voice-routes.ts";
import { type VoiceEntry, World } from "./world.ts";

/**
 * A wire-level fake of Discord (REST v10 under /api/v10 and gateway v10 under /gateway) on 127.0.0.1, for running
 * the real Encore bot and real discord.js against. It records every request and frame and lets tests inject events.
 */
export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly #ids = new SnowflakeGenerator();
  readonly #world: World;
  readonly #messages: MessageStore;
  readonly #commands: CommandStore;
  readonly #interactions: InteractionRegistry = { byId: new Map(), byToken: new Map() };
  readonly #restLog = new Recorder<RecordedRequest>("REST requests", (r) => `${r.method} ${r.path} → ${r.status}`);
  readonly #received = new Recorder<GatewayFrame>("gateway frames received", describeFrame);
  readonly #sent = new Recorder<GatewayFrame>("gateway frames sent", describeFrame);
  readonly #identifies = new Recorder<{ sessionId: string; at: number }>("identifies", (i) => i.sessionId);
  readonly #limiter: RateLimiter;
  readonly #rest: RestServer;
  readonly #gateway: GatewayServer;
  readonly #server: Server;
  readonly #deadlineMs: number;
  #port = 0;

  private constructor(opts: FakeDiscordOptions) {
    this.token = opts.token ?? "fake-token";
    this.botUser = opts.botUser ?? { id: this.#ids.next(), username: "Encore", bot: true, global_name: null };
    this.applicationId = opts.applicationId ?? this.botUser.id;
    this.#deadlineMs = opts.interactionDeadlineMs ?? 3000;
    this.#world = new World(this.botUser, this.#ids);
    for (const guild of opts.guilds ?? []) this.#world.addGuild(guild);
    this.#messages = new MessageStore(this.#world, this.#ids, () => `http://127.0.0.1:${this.#port}`);
    this.#commands = new CommandStore(this.applicationId, this.#ids);
    if (opts.commands?.global) this.#commands.seed(opts.commands.global);
    for (const [guildId, list] of Object.entries(opts.commands?.guilds ?? {})) this.#commands.seed(list, guildId);
    this.#limiter = new RateLimiter(opts.rateLimitPerBucket ?? 50);
    const gatewayUrl = () => `ws://127.0.0.1:${this.#port}/gateway`;
    this.#gateway = new GatewayServer(
      createGatewayHost({
        world: this.#world,
        token: this.token,
        applicationId: this.applicationId,
        heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
        disallowedIntents: opts.disallowedIntents ?? 0,
        maxGuildsPerShard: opts.maxGuildsPerShard ?? 2500,
        voiceEndpoint: opts.voiceEndpoint ?? "127.0.0.1:1",
        gatewayUrl,
        gateway: () => this.#gateway,
        onIdentified: (s) => this.#identifies.push({ sessionId: s.id, at: Date.now() }),
        onReceived: (f) => this.#received.push(f),
        onSent: (f) => this.#sent.push(f),
      }),
    );
    this.#rest = new RestServer({
      token: this.token,
      limiter: this.#limiter,
      record: (r) => this.#restLog.push(r),
      routes: [
        ...interactionRoutes({
          world: this.#world,
          messages: this.#messages,
          applicationId: this.applicationId,
          interactions: this.#interactions,
        }),
        ...channelRoutes({
          world: this.#world,
          messages: this.#messages,
          onCreate: (m) => dispatchMessageEvent(this.#gateway, this.#messages, this.botUser.id, "MESSAGE_CREATE", m),
          onUpdate: (m) => dispatchMessageEvent(this.#gateway, this.#messages, this.botUser.id, "MESSAGE_UPDATE", m),
          onDelete: (m) => dispatchMessageEvent(this.#gateway, this.#messages, this.botUser.id, "MESSAGE_DELETE", m),
        }),
        ...apiRoutes({
          world: this.#world,
          commands: this.#commands,
          applicationId: this.applicationId,
          gatewayUrl,
          sharding: { recommendedShards: opts.recommendedShards ?? 1, maxConcurrency: opts.maxConcurrency ?? 1 },
        }),
        ...voiceRoutes({
          world: this.#world,
          dispatch: (guild, entry) =>
            this.#guildDispatch(
              "VOICE_STATE_UPDATE",
              guild.id,
              apiVoiceState(guild, entry, entry.userId),
              Intent.GuildVoiceStates,
            ),
        }),
      ],
    });
    this.#server = createServer((req, res) => {
      if ((req.url ?? "").startsWith("/attachments/")) return this.#serveAttachment(req.url ?? "", res);
      void this.#rest.handle(req, res);
    });
    this.#server.on("upgrade", (req, socket, head) => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      if (path === "/gateway" || path === "/gateway/" || path === "/") this.#gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(opts);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once("error", reject);
      fake.#server.listen(0, "127.0.0.1", () => resolve());
    });
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  /** "http://127.0.0.1:<port>/api": what the bot gets as DISCORD_API_BASE (discord.js `rest.api`). */
  get apiBase(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}/gateway`;
  }

  /** Every REST request, in the order responses were sent. */
  get rest(): RecordedRequest[] {
    return this.#restLog.items;
  }

  /** Every gateway frame the bot sent. */
  get received(): GatewayFrame[] {
    return this.#received.items;
  }

  /** Every gateway frame the fake sent. */
  get sent(): GatewayFrame[] {
    return this.#sent.items;
  }

  /** Number of bulk command overwrites (PUT .../commands) accepted, all scopes. */
  get commandsPuts(): number {
    return this.#commands.puts;
  }

  /** Exceptions inside the fake's own route handlers (answered 500). Expected to stay empty. */
  get internalErrors(): unknown[] {
    return this.#rest.internalErrors;
  }

  /** Stored commands, global or for one guild, as GET returns them. */
  commands(guildId?: string): Json[] {
    return this.#commands.list(guildId);
  }

  /** Number of gateway sockets that identified or resumed and are still open. */
  get connectedClients(): number {
    return this.#gateway.connected;
  }

  waitForRest(pred: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.#restLog.waitFor(pred, timeoutMs, "a matching REST request");
  }

  waitForGateway(pred: (f: GatewayFrame) => boolean, timeoutMs = 5000): Promise<GatewayFrame> {
    return this.#received.waitFor(pred, timeoutMs, "a matching frame from the bot");
  }

  /** Resolves once a client identified and was sent READY and every GUILD_CREATE. */
  async waitForIdentify(timeoutMs = 5000): Promise<void> {
    await this.#identifies.waitFor(() => true, timeoutMs, "IDENTIFY");
  }

  addGuild(spec: FakeGuildSpec): void {
    const guild = this.#world.addGuild(spec);
    this.#gateway.dispatch(
      "GUILD_CREATE",
      (s: GatewaySession) => apiGuildCreate(this.#world, guild, s.intents),
      (s) => s.handlesGuild(guild.id),
    );
  }

  addMember(guildId: string, member: FakeMember): void {
    const state = this.#world.addMember(guildId, member);
    this.#guildDispatch("GUILD_MEMBER_ADD", guildId, { ...apiMember(state), guild_id: guildId }, Intent.GuildMembers);
  }

  /** Moves a user into a voice channel (or out with null) and dispatches VOICE_STATE_UPDATE. */
  setVoiceState(guildId: string, userId: string, channelId: string | null): void {
    const guild = this.#world.requireGuild(guildId);
    const previousSession = guild.voice.get(userId)?.sessionId ?? "";
    const entry = this.#world.setVoice(guildId, userId, channelId);
    const state = { ...apiVoiceState(guild, entry, userId), ...(entry ? {} : { session_id: previousSession }) };
    this.#guildDispatch("VOICE_STATE_UPDATE", guildId, state, Intent.GuildVoiceStates);
  }

  /** A user's voice state (channel, stage suppression, request to speak), or null when not in voice. */
  voiceStateOf(guildId: string, userId: string): Readonly<VoiceEntry> | null {
    return this.#world.requireGuild(guildId).voice.get(userId) ?? null;
  }

  voiceChannelOf(guildId: string, userId: string): string | null {
    return this.#world.requireGuild(guildId).voice.get(userId)?.channelId ?? null;
  }

  sendSlash(o: SlashOptions): FakeInteraction {
    return this.#command(InteractionKind.ApplicationCommand, o);
  }

  /** Options must contain one option with `focused: true` (its value is what the user has typed so far). */
  sendAutocomplete(o: SlashOptions & { options: ApplicationCommandOption[] }): FakeInteraction {
    return this.#command(InteractionKind.Autocomplete, o);
  }

  /** A click on a button (or a select choice) of a message the bot sent, including ephemeral ones. */
  sendComponent(o: ComponentOptions): FakeInteraction {
    const source = this.#messages.get(o.messageId);
    if (!source || source.deleted) throw new Error(`FakeDiscord: no message ${o.messageId} to interact with`);
    if (source.channel_id !== o.channelId)
      throw new Error(`FakeDiscord: message ${o.messageId} is not in ${o.channelId}`);
    const componentType = o.componentType ?? 2;
    const data = {
      custom_id: o.customId,
      component_type: componentType,
      ...(componentType !== 2 ? { values: o.values ?? [] } : {}),
    };
    return this.#interact(InteractionKind.MessageComponent, o, data, source.id, this.#messages.toApi(source));
  }

  /**
   * Stores a file a user uploads for a slash command's attachment option (type 11); pass the returned id as the
   * option's value and the interaction carries it in `data.resolved.attachments`.
   */
  uploadAttachment(channelId: string, file: UploadFile): { id: string; url: string } {
    const json = this.#messages.upload(channelId, recordedUpload(file, "files[0]"));
    return { id: json.id, url: json.url };
  }

  /** A user posts in a channel (MESSAGE_CREATE), optionally with files. */
  sendMessage(o: { guildId: string; channelId: string; userId: string; content: string; files?: UploadFile[] }): {
    id: string;
  } {
    this.#world.requireChannel(o.guildId, o.channelId);
    const member = this.#world.requireMember(o.guildId, o.userId);
    const message = this.#messages.create({
      channelId: o.channelId,
      guildId: o.guildId,
      author: member.user,
      body: { content: o.content },
      files: (o.files ?? []).map((f, i) => recordedUpload(f, `files[${i}]`)),
    });
    dispatchMessageEvent(this.#gateway, this.#messages, this.botUser.id, "MESSAGE_CREATE", message);
    return { id: message.id };
  }

  /** Messages in a channel in creation order (ephemeral ones never; deleted ones only when asked). */
  messages(channelId: string, opts: { includeDeleted?: boolean } = {}): StoredMessage[] {
    return this.#messages.inChannel(channelId).filter((m) => opts.includeDeleted || !m.deleted);
  }

  /** Resolves with a current message of the channel matching `pred`, now or after a later create or edit. */
  waitForMessage(channelId: string, pred: (m: StoredMessage) => boolean, timeoutMs = 5000): Promise<StoredMessage> {
    return this.#messages.changes.waitFor(
      (m) => m.channel_id === channelId && !m.deleted && !m.ephemeral && pred(m),
      timeoutMs,
      `a matching message in channel ${channelId}`,
    );
  }

  /** Closes the bot's gateway socket(s). With the default 4000 discord.js resumes; 4004 and other fatal codes end it. */
  dropGateway(closeCode = 4000): void {
    this.#gateway.drop(closeCode);
  }

  /** Sends op 7 RECONNECT: discord.js reconnects and resumes. */
  requestReconnect(): void {
    this.#gateway.sendOp(7, null);
  }

  /** Sends op 9 INVALID_SESSION; unless resumable the sessions are forgotten, so the client must identify again. */
  invalidateSession(resumable = false): void {
    if (!resumable) this.#gateway.invalidateSessions();
    this.#gateway.sendOp(9, resumable);
  }

  /** The next REST request whose path starts with `pathPrefix` (and method, if given) is answered with 429. */
  rateLimitNext(pathPrefix: string, retryAfterSeconds: number, method?: string): void {
    this.#limiter.forceNext(pathPrefix, retryAfterSeconds, method);
  }

  /** The next `times` REST requests under `pathPrefix` get `status` (default 500) with Discord's error body. */
  failNext(pathPrefix: string, status = 500, times = 1): void {
    this.#rest.failNext(pathPrefix, status, times);
  }

  setRestLatency(ms: number): void {
    this.#rest.latencyMs = ms;
  }

  async stop(): Promise<void> {
    const reason = "FakeDiscord stopped";
    for (const recorder of [this.#restLog, this.#received, this.#sent, this.#identifies]) recorder.rejectAll(reason);
    this.#messages.changes.rejectAll(reason);
    for (const rec of this.#interactions.byId.values()) rec.rejectWaiters(reason);
    await this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #command(kind: number, o: SlashOptions): FakeInteraction {
    const guild = this.#world.requireGuild(o.guildId);
    const registered = this.#commands.find(o.name, o.guildId);
    const options: ApplicationCommandOption[] | undefined =
      o.subcommand !== undefined ? [{ name: o.subcommand, type: 1, options: o.options ?? [] }] : o.options;
    const resolved = resolveOptions(this.#world, guild, options, (id) => this.#messages.file(id)?.json);
    const data = {
      id: registered?.id ?? this.#ids.next(),
      name: o.name,
      type: 1,
      ...(options && options.length > 0 ? { options } : {}),
      ...(resolved ? { resolved } : {}),
      ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
    };
    return this.#interact(kind, o, data, null);
  }

  #interact(kind: number, o: InteractionTarget, data: Json, sourceMessageId: string | null, message?: Json) {
    this.#world.requireChannel(o.guildId, o.channelId);
    this.#world.requireMember(o.guildId, o.userId);
    const rec = new InteractionRecord({
      id: this.#ids.next(),
      token: randomToken("aW50ZXJhY3Rpb246", 60),
      type: kind,
      guildId: o.guildId,
      channelId: o.channelId,
      userId: o.userId,
      deadlineMs: o.deadlineMs ?? this.#deadlineMs,
      sourceMessageId,
    });
    this.#interactions.byId.set(rec.id, rec);
    this.#interactions.byToken.set(rec.token, rec);
    const payload = interactionCreatePayload(this.#world, this.applicationId, rec, data, message);
    rec.dispatchedAt = Date.now();
    this.#guildDispatch("INTERACTION_CREATE", o.guildId, payload);
    return rec;
  }

  #serveAttachment(url: string, res: ServerResponse): void {
    const id = url.split("/")[3] ?? "";
    const file = this.#messages.file(id);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": file.json.content_type, "Content-Length": file.data.length }).end(file.data);
  }

  #guildDispatch(t: string, guildId: string, d: Json, intent?: number): void {
    this.#gateway.dispatch(t, d, (s) => s.handlesGuild(guildId) && (intent === undefined || s.has(intent)));
  }
}
