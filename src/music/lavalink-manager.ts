import { type GuildShardPayload, LavalinkManager } from "lavalink-client";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../core/logger.ts";
import type { LavalinkEvents } from "./lavalink-events.ts";
import { toRequester } from "./track-view.ts";

/** lavalink-client wants a class instance (it checks the prototype's method names). */
class QueueChangeRelay {
  private readonly notify: (guildId: string) => void;
  constructor(notify: (guildId: string) => void) {
    this.notify = notify;
  }
  tracksAdd(guildId: string): void {
    this.notify(guildId);
  }
  tracksRemoved(guildId: string): void {
    this.notify(guildId);
  }
  shuffled(guildId: string): void {
    this.notify(guildId);
  }
}

/** Reconnect attempts are unbounded: a node that is down for a while must come back without a restart. */
const RETRY_FOREVER = Number.MAX_SAFE_INTEGER;

export interface LavalinkManagerDeps {
  /** Sends a voice state update on the guild's shard; resolves once it was sent (the voice wait starts then). */
  sendToShard: (guildId: string, payload: GuildShardPayload) => Promise<void>;
  /** Told about every queue mutation (add, remove, shuffle), for persistence. */
  queueChanges?: (guildId: string) => void;
}

/** Builds (but does not connect) the lavalink-client manager from configuration. */
export function createLavalinkManager(config: Config, deps: LavalinkManagerDeps): LavalinkManager {
  const manager = new LavalinkManager({
    nodes: config.lavalinkNodes.map((node) => ({
      id: node.id,
      host: node.host,
      // lavalink-client refuses TLS on any port but 443; the real port is set right after construction.
      port: node.secure ? 443 : node.port,
      authorization: node.password,
      secure: node.secure,
      retryAmount: RETRY_FOREVER,
      retryDelay: config.nodeRetryDelayMs,
      requestSignalTimeoutMS: config.musicCallTimeoutMs,
      // Encore loads tracks itself (node-load.ts) from what each node advertises; the client's own checks assume
      // a YouTube source and refuse links on nodes without one.
      autoChecks: { sourcesValidations: false, pluginValidations: false },
    })),
    sendToShard: deps.sendToShard,
    autoSkip: true,
    autoMove: config.lavalinkNodes.length > 1,
    playerOptions: {
      defaultSearchPlatform: config.defaultSearchSource,
      requesterTransformer: (requester) => toRequester(requester) ?? { id: "0", username: "unknown" },
      onDisconnect: { destroyPlayer: true },
      volumeDecrementer: 1,
      // Encore counts failed tracks itself (player-wiring.ts) and stops after several in a row; the client's own
      // limit would destroy the player (leaving voice) instead.
      maxErrorsPerTime: { threshold: 0, maxAmount: -1 },
      // A player moved to a node with the SponsorBlock plugin keeps the guild's categories (sponsorblock.ts); the
      // client would otherwise turn on "sponsor" and "selfpromo" there for guilds that chose none.
      enforceSponsorBlockRequestForEventEnablement: false,
    },
    queueOptions: {
      maxPreviousTracks: 50,
      queueChangesWatcher: new QueueChangeRelay(deps.queueChanges ?? (() => {})),
    },
    linksAllowed: true,
    // A voice state from a move still on its way (`join` to another channel) can set the channel again while a
    // leave tears the player down; the client would then refuse to delete the player and the leave would fail.
    // Deleting it is right: Discord applies the leave after the move.
    advancedOptions: { debugOptions: { playerDestroy: { dontThrowError: true, debugLog: false } } },
  });
  honourTlsPorts(manager, config.lavalinkNodes);
  return manager;
}

/**
 * A TLS node may listen on any port (a proxy on 8443, a hosted node on 2333). lavalink-client reads the port from its
 * options each time it builds the socket and REST URLs, so setting it after the constructor's check is enough.
 */
function honourTlsPorts(manager: LavalinkManager, nodes: Config["lavalinkNodes"]): void {
  for (const node of nodes) {
    const created = manager.nodeManager.nodes.get(node.id);
    if (created && node.secure) created.options.port = node.port;
  }
}

/**
 * lavalink-client runs its async `open()` as a websocket "open" listener; if the node dies between the upgrade and
 * `/v4/info`, that promise rejects with nobody listening, which would take the whole process down. The socket
 * closes right after and the client's reconnect loop takes over, so the rejection is only logged.
 */
export function guardNodeOpen(manager: LavalinkManager, onError: (nodeId: string, err: unknown) => void): void {
  for (const node of manager.nodeManager.nodes.values()) {
    const target = node as unknown as { open: () => Promise<void> };
    const open = target.open.bind(node);
    target.open = () => open().catch((err: unknown) => onError(node.id, err));
  }
}

/**
 * lavalink-client re-applies filters after moving a player to another node without awaiting the call; if that node
 * drops in between, the rejection has no listener. Observing every filter apply (callers still see the rejection)
 * keeps a node flapping during failover from taking the process down.
 */
export function guardFilterApply(events: LavalinkEvents, onError: (guildId: string, err: unknown) => void): void {
  events.onPlayer("playerCreate", (player) => {
    const fm = player.filterManager;
    const apply = fm.applyPlayerFilters.bind(fm);
    fm.applyPlayerFilters = () => {
      const pending = apply();
      pending.catch((err: unknown) => onError(player.guildId, err));
      return pending;
    };
  });
}

/**
 * Before connecting: each node resumes the session Encore saved for it (when resuming is on), and a node still using
 * Lavalink's well-known default password is warned about.
 */
export function prepareNodes(
  manager: LavalinkManager,
  config: Config,
  savedSession: (nodeId: string) => string | null | undefined,
  logger: Logger,
): void {
  for (const node of manager.nodeManager.nodes.values()) {
    const sessionId = savedSession(node.id);
    if (sessionId && config.sessionResumeTimeoutSeconds > 0) node.options.sessionId = sessionId;
  }
  for (const node of config.lavalinkNodes) {
    if (node.password === "youshallnotpass") {
      logger.warn(
        { node: node.id },
        "this Lavalink node uses the well-known default password; set a long random one and keep the node off public ports",
      );
    }
  }
}

/**
 * Shutdown: a node whose session is resumable keeps its players playing (its socket is only closed, so a quick
 * restart re-attaches to them); every other node is closed for good.
 */
export function closeNodes(manager: LavalinkManager, resumable: (nodeId: string) => boolean, logger: Logger): void {
  for (const node of manager.nodeManager.nodes.values()) {
    if (resumable(node.id) && node.connected) {
      node.disconnect("Shutdown");
      continue;
    }
    // Closing a socket that is still connecting emits "error" on the next tick, after the client has removed
    // its listeners; keep one so shutdown never throws.
    const socket = (node as unknown as { socket?: { on(e: string, f: () => void): void } | null }).socket;
    try {
      node.destroy("Shutdown", true);
    } catch (err) {
      logger.debug({ err, node: node.id }, "node close failed");
    }
    socket?.on("error", () => {});
  }
}
