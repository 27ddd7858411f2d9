import { readFileSync } from "node:fs";
import { type Client, Events } from "discord.js";
import type { LavalinkManager } from "lavalink-client";
import { Cooldowns } from "./commands/cooldowns.ts";
import { commandManifest } from "./commands/manifest.ts";
import { CommandRegistry } from "./commands/registry.ts";
import type { CommandDefinition } from "./commands/types.ts";
import type { Config } from "./config/schema.ts";
import { CircuitBreaker } from "./core/breaker.ts";
import { CacheRegistry, createCache } from "./core/cache.ts";
import { type Clock, systemClock } from "./core/clock.ts";
import { isUserError } from "./core/errors.ts";
import { createLogger, type Logger } from "./core/logger.ts";
import { defaultMemorySampler, MemoryMonitor, type MemorySampler } from "./core/memory-monitor.ts";
import { SingleFlight } from "./core/single-flight.ts";
import { createDiscordClient } from "./discord/client-factory.ts";
import { restMessageSender } from "./discord/message-sender.ts";
import { NowPlayingAnnouncer } from "./discord/now-playing.ts";
import { syncSlashCommands } from "./discord/registration.ts";
import { CommandRouter } from "./discord/router.ts";
import { slashJson } from "./discord/slash-json.ts";
import { appMetrics } from "./http/app-metrics.ts";
import { HealthServer } from "./http/server.ts";
import { IdleWatcher, settingsWithChangeHook } from "./music/idle.ts";
import { createLavalinkManager, guardFilterApply, guardNodeOpen } from "./music/lavalink-manager.ts";
import { LavalinkMusicService, type PendingChoices } from "./music/music-service.ts";
import { watchNodeHealth } from "./music/node-health.ts";
import { NodePreflight } from "./music/node-preflight.ts";
import { PlaybackPersistence } from "./music/persistence.ts";
import { PlaybackResumer } from "./music/resume.ts";
import { type LoadedTracks, SearchService } from "./music/search.ts";
import { waitForVoice } from "./music/voice-wait.ts";
import { createSqliteStore } from "./store/index.ts";
import { DEFAULT_GUILD_SETTINGS } from "./store/types.ts";

export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export interface AppDeps {
  clock?: Clock;
  logger?: Logger;
  memorySampler?: MemorySampler;
  /** Replace the command list (tests). */
  commands?: readonly CommandDefinition[];
}

export interface App {
  start(): Promise<void>;
  /** Unwinds everything in reverse order; safe to call twice. */
  stop(reason?: string): Promise<void>;
  readonly client: Client;
  readonly lavalink: LavalinkManager;
  readonly music: LavalinkMusicService;
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
    });
  const caches = new CacheRegistry();
  const memory = new MemoryMonitor(
    {
      budgetBytes: config.memoryBudgetMb * 1024 * 1024,
      softRatio: config.memorySoftRatio,
      hardRatio: config.memoryHardRatio,
      intervalMs: config.memoryCheckIntervalMs,
    },
    { sampler: deps.memorySampler ?? defaultMemorySampler, clock, caches, logger: logger.child({ part: "memory" }) },
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
  // Queue mutations are reported to persistence (bound below, once it exists).
  let onQueueChange: (guildId: string) => void = () => {};

  const client = createDiscordClient({ prefixCommands: config.prefixCommands, apiBase: config.discordApiBase });
  const lavalink = createLavalinkManager(config, {
    sendToShard: (guildId, payload) => client.guilds.cache.get(guildId)?.shard.send(payload),
    queueChanges: (guildId) => onQueueChange(guildId),
  });
  const musicLog = logger.child({ part: "music" });
  const breaker = new CircuitBreaker(
    {
      failureThreshold: config.breakerFailureThreshold,
      cooldownMs: config.breakerCooldownMs,
      callTimeoutMs: config.musicCallTimeoutMs,
      isFailure: (err) => !isUserError(err),
    },
    clock,
    (from, to) => musicLog.info({ from, to }, "music circuit breaker changed state"),
  );
  const searchCache = createCache<string, LoadedTracks>(
    caches,
    { name: "search", max: Math.max(1, config.searchCacheSize), ttlMs: config.searchCacheTtlSeconds * 1000 },
    clock,
  );
  let music: LavalinkMusicService;
  const search = new SearchService(
    {
      defaultSource: config.defaultSearchSource,
      fallbackSources: config.fallbackSearchSources,
      allowPrivateUrls: config.allowPrivateUrls,
    },
    {
      cache: searchCache,
      flights: new SingleFlight(),
      nodeSearch: (q, s) => music.nodeSearch(q, s),
      logger: musicLog,
    },
  );
  music = new LavalinkMusicService(
    {
      defaultVolume: config.defaultVolume,
      maxQueueLength: config.maxQueueLength,
      maxPlaylistTracks: config.maxPlaylistTracks,
      voiceConnectTimeoutMs: config.voiceConnectTimeoutMs,
      maxConsecutiveFailures: config.maxConsecutiveTrackFailures,
    },
    {
      manager: lavalink,
      breaker,
      search,
      clock,
      logger: musicLog,
      choices: createCache<string, PendingChoices>(
        caches,
        { name: "search-choices", max: 1000, ttlMs: 15 * 60_000 },
        clock,
      ),
    },
  );
  const nowPlaying = new NowPlayingAnnouncer({
    events: music.events,
    sender: restMessageSender(client.rest),
    snapshot: (guildId) => music.snapshot(guildId),
    settingsFor,
    logger: musicLog,
  });

  const preflight = new NodePreflight(lavalink, musicLog);
  const registry = new CommandRegistry(deps.commands ?? commandManifest());
  const commandCounts = appMetrics.newCounters();
  const router = new CommandRouter(
    { prefixEnabled: config.prefixCommands, autoDeferMs: 2000, autocompleteTimeoutMs: 2500 },
    {
      registry,
      cooldowns: new Cooldowns(clock),
      defaultCooldownMs: config.commandCooldownMs,
      logger: logger.child({ part: "commands" }),
      music,
      clock,
      prefixFor: (guildId) => settingsFor(guildId).prefix ?? config.prefix,
      settingsFor,
      // A settings change (24/7, leave timeouts, pause when alone) applies to the current voice session at once.
      store: {
        settings: settingsWithChangeHook(store.settings, (g) => idle.settingsChanged(g)),
        playlists: store.playlists,
      },
      status: () => ({
        gatewayPingMs: client.ws.ping,
        nodes: [...lavalink.nodeManager.nodes.values()].map((n) => ({
          id: n.id,
          connected: n.connected,
          players: n.stats?.players ?? 0,
          problems: preflight.result(n.id)?.problems ?? [],
        })),
      }),
      onOutcome: (name, outcome) => commandCounts.inc({ command: name, outcome }),
    },
  );
  const listeners = (guildId: string, channelId: string) => {
    const guild = client.guilds.cache.get(guildId);
    if (!guild) return 0;
    return guild.voiceStates.cache.filter(
      (v) =>
        v.channelId === channelId &&
        v.id !== client.user?.id &&
        !(v.member?.user.bot ?? client.users.cache.get(v.id)?.bot),
    ).size;
  };
  const persistence = new PlaybackPersistence(
    { positionIntervalMs: config.positionSaveIntervalMs },
    {
      manager: lavalink,
      queues: store.queues,
      clock,
      logger: musicLog,
      autoplayEnabled: (guildId) => music.autoplay.isEnabled(guildId),
    },
  );
  onQueueChange = (guildId) => persistence.markDirty(guildId);
  const resumer = new PlaybackResumer(
    { sessionTimeoutSeconds: config.sessionResumeTimeoutSeconds },
    {
      manager: lavalink,
      queues: store.queues,
      sessions: store.sessions,
      clock,
      logger: musicLog,
      waitForVoice: (player) => waitForVoice(player, clock, config.voiceConnectTimeoutMs),
      setAutoplay: (guildId, on) => music.autoplay.setEnabled(guildId, on),
      twentyFourSeven: (guildId) => settingsFor(guildId).twentyFourSeven,
    },
  );
  const idle = new IdleWatcher({
    manager: lavalink,
    clock,
    logger: musicLog,
    settingsFor: (g) => settingsFor(g),
    listeners,
  });

  const http = new HealthServer(
    {
      live: () => true,
      readiness: () => ({ discord: client.isReady(), lavalink: music.available(), database: storeOpen }),
      metrics: () => appMetrics.render({ client, lavalink, caches, memory, breaker, commandCounts, preflight }),
    },
    logger.child({ part: "http" }),
  );

  let httpPort: number | null = null;
  let storeOpen = false;
  let started = false;
  let stopping: Promise<void> | null = null;

  async function onReady(readyClient: Client<true>): Promise<void> {
    logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size }, "connected to Discord");
    await lavalink.init({ id: readyClient.user.id, username: `Encore/${VERSION}` });
    try {
      await syncSlashCommands(readyClient.rest, readyClient.application.id, registry.definitions.map(slashJson), {
        guildId: config.discordGuildId,
        logger,
      });
    } catch (err) {
      logger.error({ err }, "slash command registration failed; prefix commands still work");
    }
  }

  return {
    client,
    lavalink,
    music,
    registry,
    logger,
    httpPort: () => httpPort,
    async start() {
      if (started) return;
      started = true;
      // The database first: a bad file stops start-up before anything connects.
      store.open();
      storeOpen = true;
      for (const node of lavalink.nodeManager.nodes.values()) {
        const sessionId = store.sessions.get(node.id);
        if (sessionId && config.sessionResumeTimeoutSeconds > 0) node.options.sessionId = sessionId;
      }
      for (const node of config.lavalinkNodes) {
        if (node.password === "youshallnotpass") {
          musicLog.warn(
            { node: node.id },
            "this Lavalink node uses the well-known default password; set a long random one and keep the node off public ports",
          );
        }
      }
      memory.start();
      watchNodeHealth(lavalink, breaker, musicLog);
      preflight.start();
      music.start();
      nowPlaying.start();
      persistence.start();
      resumer.start();
      idle.start();
      guardNodeOpen(lavalink, (node, err) => musicLog.warn({ node, err }, "lavalink node handshake failed"));
      guardFilterApply(lavalink, (guildId, err) => musicLog.warn({ guildId, err }, "re-applying filters failed"));
      client.on("raw", (packet) => {
        void lavalink.sendRawData(packet).catch((err: unknown) => musicLog.debug({ err }, "voice forward failed"));
      });
      // After discord.js has applied the update to its voice state cache, which the listener count reads.
      client.on(Events.VoiceStateUpdate, (_old, state) => idle.evaluate(state.guild.id));
      router.attach(client);
      const ready = new Promise<void>((resolve, reject) => {
        client.once(Events.ClientReady, (c) => onReady(c).then(resolve, reject));
      });
      httpPort = await http.start(config.httpHost, config.httpPort);
      await client.login(config.discordToken);
      await ready;
      logger.info({ version: VERSION }, "Encore is ready");
    },
    stop(reason = "shutdown") {
      stopping ??= (async () => {
        logger.info({ reason }, "stopping");
        await router.drain();
        music.detach();
        await nowPlaying.stop();
        idle.stop();
        resumer.stop();
        persistence.suspendAndSaveAll();
        // Keep the other nodes from taking over players while Encore goes away.
        lavalink.options.autoMove = false;
        const resumable = config.sessionResumeTimeoutSeconds > 0;
        if (!resumable) await music.destroyAll("Shutdown");
        for (const node of lavalink.nodeManager.nodes.values()) {
          if (resumable && node.connected) {
            // The session is resumable: close the socket but leave its players playing (and in voice), so a quick
            // restart re-attaches to them.
            node.disconnect("Shutdown");
            continue;
          }
          // Closing a socket that is still connecting emits "error" on the next tick, after the client has
          // removed its listeners; keep one so shutdown never throws.
          const socket = (node as unknown as { socket?: { on(e: string, f: () => void): void } | null }).socket;
          try {
            node.destroy("Shutdown", true);
          } catch (err) {
            musicLog.debug({ err, node: node.id }, "node close failed");
          }
          socket?.on("error", () => {});
        }
        await client.destroy();
        await http.stop();
        memory.stop();
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
