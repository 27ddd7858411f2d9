import { readFileSync } from "node:fs";
import { type Client, Events } from "discord.js";
import type { LavalinkManager } from "lavalink-client";
import { commandManifest } from "./commands/manifest.ts";
import { UserRateLimit } from "./commands/rate-limit.ts";
import { CommandRegistry } from "./commands/registry.ts";
import type { CommandDefinition } from "./commands/types.ts";
import type { Config } from "./config/schema.ts";
import { CacheRegistry } from "./core/cache.ts";
import { type Clock, systemClock } from "./core/clock.ts";
import { createHeapSampler, type HeapSampler } from "./core/heap-sampler.ts";
import { createLogger, type Logger } from "./core/logger.ts";
import { MemoryMonitor, type MemorySampler } from "./core/memory-monitor.ts";
import type { StackMapper } from "./core/stack-mapper.ts";
import { attachmentReader } from "./discord/attachments.ts";
import { createDiscordClient } from "./discord/client-factory.ts";
import { listenersIn } from "./discord/context.ts";
import { createGatewaySender } from "./discord/gateway-sender.ts";
import { inviteUrl } from "./discord/invite.ts";
import { loginAndWaitReady } from "./discord/login.ts";
import { restMessageSender } from "./discord/message-sender.ts";
import { NowPlayingAnnouncer } from "./discord/now-playing.ts";
import { PayloadTap } from "./discord/payload-tap.ts";
import { syncSlashCommands } from "./discord/registration.ts";
import { RequestChannels } from "./discord/request-channel.ts";
import { CommandRouter } from "./discord/router.ts";
import { slashJson } from "./discord/slash-json.ts";
import { takeTheStage } from "./discord/stage-speaker.ts";
import { createAppMetrics } from "./http/app-metrics.ts";
import { HealthServer } from "./http/server.ts";
import { type Language, pickLanguage } from "./i18n/translate.ts";
import { createMusic } from "./music/create-music.ts";
import type { MusicFrontDoor } from "./music/front-door.ts";
import { settingsWithChangeHook } from "./music/idle.ts";
import { type HostResolver, systemResolver } from "./music/url-guard.ts";
import { countRefusals } from "./ops/refusals.ts";
import { collectStats } from "./ops/stats.ts";
import { createSqliteStore } from "./store/index.ts";
import { shardScopedQueues, shardScopedSessions } from "./store/shard-scope.ts";
import { DEFAULT_GUILD_SETTINGS } from "./store/types.ts";

export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export interface AppDeps {
  /** The shards this process runs (multi-process mode: set from the sharding manager's SHARDS); default all. */
  shardIds?: readonly number[];
  clock?: Clock;
  logger?: Logger;
  memorySampler?: MemorySampler;
  /** Time as the per-member rate limit sees it (default: `clock`). */
  rateLimitClock?: Clock;
  /** How link host names are resolved for the URL guard (default: the system resolver). */
  resolveHost?: HostResolver;
  /** Replace the command list (tests). */
  commands?: readonly CommandDefinition[];
  /** Process and Node.js runtime metrics in /metrics (default true). */
  defaultMetrics?: boolean;
  /** Maps logged stack traces to the TypeScript sources (the entry point's; default: as they are). */
  mapStack?: StackMapper;
}

export interface App {
  start(): Promise<void>;
  /** Unwinds everything in reverse order; safe to call twice. */
  stop(reason?: string): Promise<void>;
  readonly client: Client;
  readonly lavalink: LavalinkManager;
  readonly music: MusicFrontDoor;
  readonly registry: CommandRegistry;
  readonly logger: Logger;
  /** Bound HTTP port once started (useful when HTTP_PORT is 0). */
  httpPort(): number | null;
}

/** The composition root: builds every service once, in dependency order, with explicit dependencies. */
export function createApp(config: Config, deps: AppDeps = {}): App {
  const clock = deps.clock ?? systemClock;
  const logger =
    deps.logger ??
    createLogger({
      level: config.logLevel,
      secrets: [config.discordToken, ...config.lavalinkNodes.map((n) => n.password)],
      mapStack: deps.mapStack,
    });
  const caches = new CacheRegistry();
  // Watches V8's collections from start() to stop() (the heap figures the monitor judges).
  let heap: HeapSampler | null = null;
  const heapSample: MemorySampler = () => {
    heap ??= createHeapSampler();
    return heap.sample();
  };
  const sampler: MemorySampler = deps.memorySampler ?? heapSample;
  const memory = new MemoryMonitor(
    {
      budgetBytes: config.memoryBudgetMb * 1024 * 1024,
      softRatio: config.memorySoftRatio,
      hardRatio: config.memoryHardRatio,
      intervalMs: config.memoryCheckIntervalMs,
    },
    { sampler, clock, caches, logger: logger.child({ part: "memory" }) },
  );

  const store = createSqliteStore({
    path: config.databasePath,
    clock,
    caches,
    logger: logger.child({ part: "store" }),
    maxPlaylistsPerUser: config.maxPlaylistsPerUser,
    maxTracksPerPlaylist: config.maxTracksPerPlaylist,
  });
  const settingsFor = (guildId: string | null) => (guildId ? store.settings.get(guildId) : DEFAULT_GUILD_SETTINGS);

  // One process of several (discord.js ShardingManager): only the guilds on its own shards are its to restore.
  const scope =
    deps.shardIds && typeof config.shardCount === "number"
      ? { shardIds: deps.shardIds, shardCount: config.shardCount }
      : null;
  const payloads = new PayloadTap();
  const client = createDiscordClient({
    prefixCommands: config.prefixCommands,
    apiBase: config.discordApiBase,
    shardCount: config.shardCount,
    shardIds: deps.shardIds,
    botRoles: (guildId) => payloads.botRoles(guildId),
  });
  /** The language a guild is answered in; `setting` overrides its stored choice (null: as if it had none). */
  const languageFor = (guildId: string | null, setting?: Language | null): Language =>
    pickLanguage(
      setting !== undefined ? setting : guildId ? settingsFor(guildId).language : null,
      guildId ? client.guilds.cache.get(guildId)?.preferredLocale : null,
      config.defaultLanguage,
    );
  const listeners = (guildId: string, channelId: string) => {
    const guild = client.guilds.cache.get(guildId);
    return guild ? listenersIn(guild, channelId, client.user?.id ?? "").length : 0;
  };
  const musicLog = logger.child({ part: "music" });
  const music = createMusic(config, {
    clock,
    logger: musicLog,
    caches,
    queues: scope ? shardScopedQueues(store.queues, scope) : store.queues,
    sessions: scope ? shardScopedSessions(store.sessions, scope) : store.sessions,
    settingsFor,
    listeners,
    sendToShard: createGatewaySender(client),
    resolveHost: deps.resolveHost ?? systemResolver,
    adapterFor: (guildId) => client.guilds.cache.get(guildId)?.voiceAdapterCreator ?? null,
  });
  const nowPlaying = new NowPlayingAnnouncer({
    events: music.events,
    sender: restMessageSender(client.rest),
    snapshot: (guildId) => music.service.snapshot(guildId),
    settingsFor,
    languageFor,
    logger: musicLog,
  });

  const requestChannels = new RequestChannels(
    { replySeconds: config.requestChannelReplySeconds },
    {
      client,
      events: music.events,
      sender: restMessageSender(client.rest),
      snapshot: (guildId) => music.service.snapshot(guildId),
      settings: store.settings,
      prefixFor: (guildId) => settingsFor(guildId).prefix ?? config.prefix,
      languageFor,
      clock,
      logger: logger.child({ part: "requests" }),
    },
  );

  const registry = new CommandRegistry(deps.commands ?? commandManifest());
  const rateLimit = countRefusals(
    new UserRateLimit(
      {
        burst: config.rateLimitBurst,
        refillMs: config.rateLimitRefillMs,
        autocompleteBurst: config.autocompleteRateLimitBurst,
        autocompleteRefillMs: config.autocompleteRateLimitRefillMs,
      },
      deps.rateLimitClock ?? clock,
    ),
  );
  // Set when Discord refuses the Message Content intent: Encore then runs with slash commands only.
  let messageContentRefused = false;
  const startedAt = clock.now();
  const stats = () =>
    collectStats({
      clock,
      startedAt,
      client,
      lavalink: music.lavalink,
      caches,
      memoryLevel: () => memory.level,
      heapLive: () => {
        const last = memory.lastSample ?? sampler();
        return last.heapLive ?? last.heapUsed;
      },
      breakerState: () => music.breaker.state,
      compatibility: (nodeId) => music.preflight.result(nodeId),
      refusals: rateLimit.counts,
      messageContent: () => config.prefixCommands && !messageContentRefused,
      playersByEngine: () => ({ lavalink: music.lavalink.players.size, embedded: music.embedded.guildIds().length }),
    });
  const metrics = createAppMetrics({ version: VERSION, stats, defaultMetrics: deps.defaultMetrics });
  const router = new CommandRouter(
    { prefixEnabled: config.prefixCommands, autoDeferMs: 2000, autocompleteTimeoutMs: 2500 },
    {
      registry,
      rateLimit: rateLimit.gate,
      logger: logger.child({ part: "commands" }),
      music: music.service,
      clock,
      prefixFor: (guildId) => settingsFor(guildId).prefix ?? config.prefix,
      defaultPrefix: config.prefix,
      messageMember: (messageId) => payloads.takeMessageMember(messageId),
      settingsFor,
      languageFor,
      // A settings change (24/7, leave timeouts, pause when alone) applies to the current voice session at once.
      store: {
        settings: settingsWithChangeHook(store.settings, (g) => music.settingsChanged(g)),
        playlists: store.playlists,
      },
      readAttachment: attachmentReader({ apiBase: config.discordApiBase }),
      limits: { queueImportMaxBytes: config.queueImportMaxBytes, maxImportTracks: config.maxPlaylistTracks },
      requests: requestChannels,
      requestControl: requestChannels,
      status: () => ({
        gatewayPingMs: client.ws.ping,
        messageContentRefused,
        nodes: music.nodes(),
        engine: music.engineStatus(),
      }),
      stats,
      onOutcome: (name, outcome, seconds) => metrics.commandDone(name, outcome, seconds),
    },
  );
  const http = new HealthServer(
    {
      live: () => true,
      readiness: () => ({
        discord: client.isReady(),
        // With nodes configured, whether one is usable; without, whether the embedded engine can play.
        ...(config.lavalinkNodes.length > 0 ? { lavalink: music.ready() } : { embedded: music.service.available() }),
        // Open, and the last write (if any failed) went through: a read-only or full disk loses every change.
        database: storeOpen && store.writeFailure() === null,
      }),
      metrics: async () => {
        const text = await metrics.render();
        return { contentType: metrics.contentType, text };
      },
    },
    logger.child({ part: "http" }),
  );

  let httpPort: number | null = null;
  let storeOpen = false;
  let started = false;
  let stopping: Promise<void> | null = null;

  async function onReady(readyClient: Client<true>): Promise<void> {
    logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size }, "connected to Discord");
    logger.info({ url: inviteUrl(readyClient.application.id) }, "invite link: add Encore to a server with this URL");
    // Registering (a read, and a write when the commands changed) and connecting the nodes run side by side; ready
    // waits for both, since Discord offers a command only once it is registered.
    const registered = syncSlashCommands(
      readyClient.rest,
      readyClient.application.id,
      registry.definitions.map(slashJson),
      { guildId: config.discordGuildId, logger },
    ).then(
      () => undefined,
      (err: unknown) => logger.error({ err }, "slash command registration failed; prefix commands still work"),
    );
    await Promise.all([music.connect({ id: readyClient.user.id, username: `Encore/${VERSION}` }), registered]);
  }

  return {
    client,
    lavalink: music.lavalink,
    music: music.service,
    registry,
    logger,
    httpPort: () => httpPort,
    async start() {
      if (started) return;
      started = true;
      // The database first: a bad file stops start-up before anything connects.
      store.open();
      storeOpen = true;
      if (!deps.memorySampler) heap ??= createHeapSampler();
      memory.start();
      await music.start(client);
      nowPlaying.start();
      requestChannels.start();
      // After discord.js has applied the update to its voice state cache, which the listener count reads.
      client.on(Events.VoiceStateUpdate, (_old, state) => {
        music.voiceStateChanged(state.guild.id);
        void takeTheStage(state, client.user?.id ?? "", musicLog);
      });
      payloads.attach(client);
      router.attach(client);
      const ready = new Promise<void>((resolve, reject) => {
        client.once(Events.ClientReady, (c) => onReady(c).then(resolve, reject));
      });
      httpPort = await http.start(config.httpHost, config.httpPort);
      await loginAndWaitReady(client, config.discordToken, {
        onMessageContentRefused() {
          messageContentRefused = true;
          logger.warn(
            "Discord refused the Message Content intent (close code 4014): running with slash commands only. Enable it on the Bot page of the developer portal for prefix commands, or set PREFIX_COMMANDS=false to stop asking.",
          );
        },
      });
      await ready;
      logger.info({ version: VERSION }, "Encore is ready");
    },
    stop(reason = "shutdown") {
      stopping ??= (async () => {
        logger.info({ reason }, "stopping");
        await router.drain();
        await nowPlaying.stop();
        await requestChannels.stop();
        await music.stop();
        await client.destroy();
        await http.stop();
        memory.stop();
        heap?.stop();
        if (storeOpen) {
          storeOpen = false;
          await store.close().catch((err: unknown) => logger.error({ err }, "final database write failed"));
        }
        logger.info("stopped");
      })();
      return stopping;
    },
  };
}
