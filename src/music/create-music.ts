import type { DiscordGatewayAdapterCreator } from "@discordjs/voice";
import type { Client } from "discord.js";
import type { GuildShardPayload, LavalinkManager } from "lavalink-client";
import type { Config } from "../config/schema.ts";
import { CircuitBreaker } from "../core/breaker.ts";
import { type CacheRegistry, createCache } from "../core/cache.ts";
import type { Clock } from "../core/clock.ts";
import { isUserError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { SingleFlight } from "../core/single-flight.ts";
import type { GuildSettings, NodeSessionStore, QueueStore } from "../store/types.ts";
import { EmbeddedEngine } from "./embedded/embedded-engine.ts";
import { EmbeddedPersistence } from "./embedded/persistence.ts";
import { EmbeddedSources } from "./embedded/sources.ts";
import { type AudioTools, findAudioTools } from "./embedded/tools.ts";
import type { EmbeddedTrack } from "./embedded/track.ts";
import { Transcoder } from "./embedded/transcoder.ts";
import { watchFallback } from "./fallback.ts";
import { MusicFrontDoor } from "./front-door.ts";
import { PlayHistory } from "./history.ts";
import { guardedIdlePlayer, type IdlePlayers, IdleWatcher } from "./idle.ts";
import { LavalinkEvents } from "./lavalink-events.ts";
import {
  closeNodes,
  createLavalinkManager,
  guardFilterApply,
  guardNodeOpen,
  prepareNodes,
} from "./lavalink-manager.ts";
import { LavalinkMusicService, type PendingChoices } from "./music-service.ts";
import { watchNodeHealth } from "./node-health.ts";
import { pluginFeatures } from "./node-plugins.ts";
import { NodePreflight } from "./node-preflight.ts";
import { trackNodeSessions } from "./node-session.ts";
import { type NodeInfoLike, sourceLabel } from "./node-sources.ts";
import { nodeUsable } from "./node-usable.ts";
import { PlaybackPersistence } from "./persistence.ts";
import { PlayerEvents } from "./player-events.ts";
import { PlaybackResumer } from "./resume.ts";
import { type LoadedTracks, SearchService } from "./search.ts";
import type { PendingChoices as Choices } from "./search-choices.ts";
import { wireSponsorBlock } from "./sponsorblock.ts";
import type { EngineKind } from "./types.ts";
import type { HostResolver } from "./url-guard.ts";
import { waitForVoice } from "./voice-wait.ts";

export interface MusicDeps {
  clock: Clock;
  logger: Logger;
  caches: CacheRegistry;
  queues: QueueStore;
  sessions: NodeSessionStore;
  settingsFor: (guildId: string) => Readonly<GuildSettings>;
  /** Non-bot members in a voice channel, from Discord's voice states (idle rules). */
  listeners: (guildId: string, channelId: string) => number;
  /** Sends a voice state update on the guild's shard; resolves once it was sent (the voice wait starts then). */
  sendToShard: (guildId: string, payload: GuildShardPayload) => Promise<void>;
  /** Resolves link host names for the URL guard. */
  resolveHost: HostResolver;
  /** discord.js's voice adapter for the guild (the embedded engine's voice goes through the guild's shard). */
  adapterFor: (guildId: string) => DiscordGatewayAdapterCreator | null;
}

export interface NodeStatus {
  readonly id: string;
  readonly connected: boolean;
  readonly players: number;
  readonly problems: readonly string[];
  /** Worth knowing, not a fault (e.g. searches use SoundCloud because the node has no YouTube). */
  readonly notes: readonly string[];
  /** "Lavalink 4.2.2", "NodeLink 3.0.1"; null before the node first connected. */
  readonly server: string | null;
  /** The node loads links. */
  readonly links: boolean;
  /** Label of the source plain searches use first on this node; null when it has none. */
  readonly search: string | null;
  /** What the node's plugins add (LavaSrc services, SponsorBlock, lyrics); empty when nothing. */
  readonly plugins: readonly string[];
}

/** Everything music, built once: the front door commands use, and the parts the app starts, stops and reports. */
export interface Music {
  /** The one way commands reach music. */
  readonly service: MusicFrontDoor;
  /** Player events of every engine, fanned out to Encore's listeners (now-playing messages). */
  readonly events: PlayerEvents;
  readonly lavalink: LavalinkManager;
  readonly breaker: CircuitBreaker;
  readonly preflight: NodePreflight;
  readonly embedded: EmbeddedEngine;
  /** ffmpeg and yt-dlp as found at start-up. */
  readonly tools: Readonly<AudioTools>;
  nodes(): NodeStatus[];
  /** The engine new players start on now, and what the embedded engine has (/ping). */
  engineStatus(): {
    current: EngineKind;
    fallback: boolean;
    ffmpeg: boolean;
    ytDlp: boolean;
    embeddedPlayers: number;
  };
  /** A connected node can play, load links and search right now (readiness). */
  ready(): boolean;
  /** Which engine plays in the guild, null when nothing does. */
  engineOf(guildId: string): EngineKind | null;
  /** A guild's settings changed: idle rules apply them at once. */
  settingsChanged(guildId: string): void;
  /** Discord's voice state cache changed for the guild (after discord.js applied it). */
  voiceStateChanged(guildId: string): void;
  /** Finds ffmpeg and yt-dlp, subscribes to events and forwards Discord's voice packets to the engines. */
  start(client: Client): Promise<void>;
  /** Connects the nodes once Discord said who the bot is. */
  connect(user: { id: string; username: string }): Promise<void>;
  /** Saves every player and releases engines and nodes (resumable sessions keep node players playing). */
  stop(): Promise<void>;
}

/** Builds the music module: engines, circuit breaker, search, persistence, restore and idle rules. */
export function createMusic(config: Config, deps: MusicDeps): Music {
  const { clock, logger } = deps;
  // Queue mutations are reported to persistence, which needs the manager: the relay is bound once both exist.
  let persistence: PlaybackPersistence | null = null;
  const lavalink = createLavalinkManager(config, {
    sendToShard: deps.sendToShard,
    queueChanges: (guildId) => {
      persistence?.markDirty(guildId);
      events.emit("queueChanged", guildId);
    },
  });
  const lavalinkEvents = new LavalinkEvents(lavalink, logger);
  const breaker = new CircuitBreaker(
    {
      failureThreshold: config.breakerFailureThreshold,
      cooldownMs: config.breakerCooldownMs,
      callTimeoutMs: config.musicCallTimeoutMs,
      isFailure: (err) => !isUserError(err),
    },
    clock,
    (from, to) => logger.info({ from, to }, "music circuit breaker changed state"),
  );
  const events = new PlayerEvents(logger);
  const history = new PlayHistory();
  const searchCache = createCache<string, LoadedTracks>(
    deps.caches,
    { name: "search", max: Math.max(1, config.searchCacheSize), ttlMs: config.searchCacheTtlSeconds * 1000 },
    clock,
  );
  let engine: LavalinkMusicService | null = null;
  const search = new SearchService(
    {
      defaultSource: config.defaultSearchSource,
      fallbackSources: config.fallbackSearchSources,
      allowPrivateUrls: config.allowPrivateUrls,
      urlAllowHosts: config.urlAllowHosts,
    },
    {
      cache: searchCache,
      flights: new SingleFlight(),
      loader: {
        capabilities: () => (engine as LavalinkMusicService).loader.capabilities(),
        load: (text, source, needs) => (engine as LavalinkMusicService).loader.load(text, source, needs),
      },
      resolve: deps.resolveHost,
      logger,
    },
  );
  engine = new LavalinkMusicService(
    {
      defaultVolume: config.defaultVolume,
      maxQueueLength: config.maxQueueLength,
      maxPlaylistTracks: config.maxPlaylistTracks,
      voiceConnectTimeoutMs: config.voiceConnectTimeoutMs,
      maxConsecutiveFailures: config.maxConsecutiveTrackFailures,
    },
    {
      manager: lavalink,
      lavalinkEvents,
      breaker,
      search,
      clock,
      logger,
      events,
      history,
      choices: createCache<string, PendingChoices>(
        deps.caches,
        { name: "search-choices", max: 1000, ttlMs: 15 * 60_000 },
        clock,
      ),
    },
  );
  const lavalinkEngine = engine;
  const tools: AudioTools = { ffmpeg: null, ffmpegFrom: null, ytDlp: null };
  const sourceOpts = {
    tools,
    musicFolder: config.musicFolder ?? null,
    allowPrivateUrls: config.allowPrivateUrls,
    urlAllowHosts: config.urlAllowHosts,
    resolveHost: deps.resolveHost,
    timeoutMs: config.musicCallTimeoutMs,
  };
  const sources = new EmbeddedSources(sourceOpts);
  const embedded = new EmbeddedEngine(
    {
      defaultVolume: config.defaultVolume,
      maxQueueLength: config.maxQueueLength,
      maxPlaylistTracks: config.maxPlaylistTracks,
      voiceConnectTimeoutMs: config.voiceConnectTimeoutMs,
      maxConsecutiveFailures: config.maxConsecutiveTrackFailures,
      maxStreams: config.embeddedMaxStreams,
    },
    {
      sources,
      transcoder: new Transcoder(sourceOpts, { sources, logger }),
      events,
      history,
      logger,
      tools,
      adapterFor: deps.adapterFor,
      choices: createCache<string, Choices<EmbeddedTrack>>(
        deps.caches,
        { name: "embedded-search-choices", max: 1000, ttlMs: 15 * 60_000 },
        clock,
      ),
    },
  );
  const hasNodes = config.lavalinkNodes.length > 0;
  let stopping = false;
  const service = new MusicFrontDoor(
    { fallback: config.embeddedFallback },
    {
      engines: {
        lavalink: hasNodes ? lavalinkEngine : null,
        embedded: !hasNodes || config.embeddedFallback ? embedded : null,
      },
      history,
    },
  );
  const embeddedState = new EmbeddedPersistence(
    { positionIntervalMs: config.positionSaveIntervalMs },
    { engine: embedded, queues: deps.queues, clock, logger, settingsFor: deps.settingsFor },
  );
  persistence = new PlaybackPersistence(
    { positionIntervalMs: config.positionSaveIntervalMs },
    {
      manager: lavalink,
      events: lavalinkEvents,
      queues: deps.queues,
      clock,
      logger,
      autoplayEnabled: (guildId) => service.autoplayEnabled(guildId),
    },
  );
  const savedState = persistence;
  const resumer = new PlaybackResumer(
    { sessionTimeoutSeconds: config.sessionResumeTimeoutSeconds, retryMs: config.breakerCooldownMs },
    {
      manager: lavalink,
      events: lavalinkEvents,
      queues: deps.queues,
      sessions: deps.sessions,
      clock,
      logger,
      guard: (fn) => lavalinkEngine.guard(fn),
      canTakePlayer: () => lavalinkEngine.available(),
      saved: savedState,
      waitForVoice: (player) => waitForVoice(player, clock, config.voiceConnectTimeoutMs),
      setAutoplay: (guildId, on) => lavalinkEngine.autoplay.setEnabled(guildId, on),
      twentyFourSeven: (guildId) => deps.settingsFor(guildId).twentyFourSeven,
      ownedElsewhere: (guildId) => embedded.hasPlayer(guildId),
    },
  );
  const idlePlayers: IdlePlayers = {
    getPlayer: (guildId) => {
      const player = lavalink.getPlayer(guildId);
      if (player) return guardedIdlePlayer(player, (fn) => lavalinkEngine.guard(fn));
      const p = embedded.player(guildId);
      return p ? embedded.idleView(p) : undefined;
    },
  };
  const idle = new IdleWatcher({
    manager: idlePlayers,
    events,
    clock,
    logger,
    settingsFor: deps.settingsFor,
    listeners: deps.listeners,
    retryMs: config.breakerCooldownMs,
  });
  const sponsorBlock = wireSponsorBlock({
    manager: lavalink,
    lavalinkEvents,
    events,
    categoriesFor: (guildId) => deps.settingsFor(guildId).sponsorBlockCategories,
    guard: (fn) => lavalinkEngine.guard(fn),
    now: () => clock.now(),
    logger,
  });
  const searchOrder = [config.defaultSearchSource, ...config.fallbackSearchSources];
  const preflight = new NodePreflight(lavalinkEvents, logger, searchOrder);

  return {
    service,
    events,
    lavalink,
    breaker,
    preflight,
    embedded,
    tools,
    nodes: () =>
      [...lavalink.nodeManager.nodes.values()].map((n) => ({
        id: n.id,
        connected: n.connected,
        players: n.stats?.players ?? 0,
        problems: preflight.result(n.id)?.problems ?? [],
        notes: preflight.result(n.id)?.notes ?? [],
        server: preflight.result(n.id)?.server ?? null,
        links: preflight.result(n.id)?.links ?? false,
        search: sourceOrNull(preflight.result(n.id)?.search),
        plugins: n.connected ? pluginFeatures(n.info as NodeInfoLike | null) : [],
      })),
    ready: () => {
      if (!service.nodesAvailable()) return false;
      const usable = [...lavalink.nodeManager.nodes.values()].filter(nodeUsable);
      return usable.some((n) => {
        const r = preflight.result(n.id);
        return r?.ok === true;
      });
    },
    engineStatus: () => ({
      current: service.choose().kind,
      fallback: hasNodes && config.embeddedFallback,
      ffmpeg: tools.ffmpeg !== null,
      ytDlp: tools.ytDlp !== null,
      embeddedPlayers: embedded.guildIds().length,
    }),
    engineOf: (guildId) => service.engineKind(guildId),
    settingsChanged: (guildId) => {
      idle.settingsChanged(guildId);
      sponsorBlock.sync(guildId);
    },
    voiceStateChanged: (guildId) => idle.evaluate(guildId),
    async start(client) {
      Object.assign(tools, await findAudioTools({ ffmpegPath: config.ffmpegPath, ytDlpPath: config.ytDlpPath }));
      if (tools.ffmpeg) logger.info({ ffmpeg: tools.ffmpegFrom, ytDlp: tools.ytDlp !== null }, "embedded engine ready");
      else if (!hasNodes)
        logger.error("no Lavalink node and no ffmpeg: nothing can play; install ffmpeg or set FFMPEG_PATH");
      else logger.warn("ffmpeg not found: no embedded fallback while the Lavalink nodes are down");
      prepareNodes(lavalink, config, (nodeId) => deps.sessions.get(nodeId), logger);
      // First of the node listeners: a reconnecting node's stale session id is cleared before the others look.
      trackNodeSessions(lavalinkEvents);
      watchNodeHealth(lavalink, lavalinkEvents, breaker, logger, {
        retryDelayMs: config.nodeRetryDelayMs,
        retryMaxDelayMs: Math.max(config.nodeRetryDelayMs, config.nodeRetryMaxDelayMs),
      });
      if (hasNodes && config.embeddedFallback) {
        watchFallback({
          manager: lavalink,
          events: lavalinkEvents,
          embedded,
          lavalinkState: savedState,
          embeddedState,
          queues: deps.queues,
          enabled: () => tools.ffmpeg !== null && !stopping,
          logger,
        });
      }
      preflight.start();
      lavalinkEngine.start();
      savedState.start();
      embeddedState.start();
      resumer.start();
      idle.start();
      guardNodeOpen(lavalink, (node, err) => logger.warn({ node, err }, "lavalink node handshake failed"));
      guardFilterApply(lavalinkEvents, (guildId, err) => logger.warn({ guildId, err }, "re-applying filters failed"));
      client.on("raw", (packet) => {
        void lavalink.sendRawData(packet).catch((err: unknown) => logger.debug({ err }, "voice forward failed"));
      });
    },
    async connect(user) {
      if (hasNodes) await lavalink.init(user);
      // Without nodes every saved player comes back here; with nodes, the Lavalink engine restores them.
      else if (tools.ffmpeg) await embeddedState.restore(() => true);
    },
    async stop() {
      stopping = true;
      lavalinkEngine.detach();
      sponsorBlock.stop();
      idle.stop();
      resumer.stop();
      savedState.suspendAndSaveAll();
      embeddedState.suspendAndSaveAll();
      await embedded.destroyAll("Shutdown");
      // Keep the other nodes from taking over players while Encore goes away.
      lavalink.options.autoMove = false;
      // Only a session the node agreed to keep may be left playing; players on any other node leave voice and are
      // destroyed, as without resuming.
      const resumable = (nodeId: string | undefined) =>
        config.sessionResumeTimeoutSeconds > 0 && nodeId !== undefined && resumer.isResumable(nodeId);
      await lavalinkEngine.destroyAll("Shutdown", (player) => !resumable(player.node?.id));
      closeNodes(lavalink, resumable, logger);
    },
  };
}

const sourceOrNull = (source: string | null | undefined): string | null => (source ? sourceLabel(source) : null);
