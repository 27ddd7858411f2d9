import type { LavalinkManager, LavalinkManagerEvents, NodeManagerEvents } from "lavalink-client";
import type { Logger } from "../core/logger.ts";

type AnyListener = (...args: never[]) => unknown;
type Emitter = { on(event: string, fn: (...args: unknown[]) => void): unknown };

/** One event source's listeners, subscribed to the source once per event name (on first use). */
class FanOut {
  private readonly source: Emitter;
  private readonly label: string;
  private readonly logger: Logger;
  private readonly listeners = new Map<string, Set<AnyListener>>();

  constructor(source: Emitter, label: string, logger: Logger) {
    this.source = source;
    this.label = label;
    this.logger = logger;
  }

  add(event: string, fn: AnyListener): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      const listeners = new Set<AnyListener>();
      set = listeners;
      this.listeners.set(event, listeners);
      this.source.on(event, (...args) => {
        for (const listener of [...listeners]) this.run(event, listener, args);
      });
    }
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  private run(event: string, listener: AnyListener, args: unknown[]): void {
    const fail = (err: unknown) =>
      this.logger.error({ err, event: `${this.label}:${event}` }, "lavalink event listener failed");
    try {
      const result = (listener as (...a: unknown[]) => unknown)(...args);
      if (result instanceof Promise) result.catch(fail);
    } catch (err) {
      fail(err);
    }
  }
}

/**
 * The one subscriber to lavalink-client's events: the manager's player events and its node manager's node events.
 * Each event name is subscribed once and fanned out to Encore's listeners (the Lavalink engine's player wiring,
 * persistence, node health, restore, fallback, node checks) in the order they subscribed. A listener that throws
 * (or rejects) is logged and the others still run. Engine-neutral player events for the rest of Encore (now-playing
 * messages, idle rules) are {@link PlayerEvents}, which the engines emit.
 */
export class LavalinkEvents {
  private readonly players: FanOut;
  private readonly nodes: FanOut;

  constructor(manager: LavalinkManager, logger: Logger) {
    this.players = new FanOut(manager as unknown as Emitter, "player", logger);
    this.nodes = new FanOut(manager.nodeManager as unknown as Emitter, "node", logger);
  }

  /** Listens to a player event of the manager (`trackStart`, `playerDestroy`, …). Returns the unsubscribe. */
  onPlayer<K extends keyof LavalinkManagerEvents>(event: K, fn: LavalinkManagerEvents[K]): () => void {
    return this.players.add(event, fn as AnyListener);
  }

  /** Listens to a node event of the node manager (`connect`, `disconnect`, …). Returns the unsubscribe. */
  onNode<K extends keyof NodeManagerEvents>(event: K, fn: NodeManagerEvents[K]): () => void {
    return this.nodes.add(event, fn as AnyListener);
  }
}
