import type { LavalinkManager, LavalinkNode } from "lavalink-client";
import type { CircuitBreaker } from "../core/breaker.ts";
import type { Logger } from "../core/logger.ts";
import type { LavalinkEvents } from "./lavalink-events.ts";
import { backoffDelay } from "./node-backoff.ts";
import { nodeUsable } from "./node-usable.ts";

export interface NodeHealthOptions {
  /** First reconnect delay; each failed attempt doubles it, up to `retryMaxDelayMs`. */
  retryDelayMs: number;
  retryMaxDelayMs: number;
  random?: () => number;
}

/** Why a node is not connected, in words an operator can act on; `key` identifies the condition for de-duplication. */
export interface NodeTrouble {
  readonly key: string;
  readonly message: string;
}

/**
 * Ties node connectivity to the circuit breaker (the last usable node going away opens it, a node becoming usable —
 * connected, described, with a session — closes it), paces reconnects with capped exponential backoff and jitter, and logs each change of a node's state
 * once, in plain words, instead of every failed attempt.
 */
export function watchNodeHealth(
  manager: LavalinkManager,
  events: LavalinkEvents,
  breaker: CircuitBreaker,
  logger: Logger,
  opts: NodeHealthOptions,
): void {
  const state = new Map<string, { attempts: number; last: string; downSince: number | null }>();
  const of = (node: LavalinkNode) => {
    let s = state.get(node.id);
    if (!s) {
      s = { attempts: 0, last: "new", downSince: null };
      state.set(node.id, s);
    }
    return s;
  };
  const report = (node: LavalinkNode, trouble: NodeTrouble) => {
    const s = of(node);
    s.downSince ??= Date.now();
    if (s.last === trouble.key) {
      logger.debug({ node: node.id, attempts: s.attempts }, trouble.message);
      return;
    }
    s.last = trouble.key;
    const level = trouble.key === "unauthorized" ? "error" : "warn";
    logger[level](
      { node: node.id },
      `${trouble.message}; retrying with backoff (at most every ${opts.retryMaxDelayMs / 1000} s)`,
    );
  };
  const connected = (node: LavalinkNode, how: string) => {
    const s = of(node);
    const downForSeconds = s.downSince === null ? undefined : Math.round((Date.now() - s.downSince) / 1000);
    logger.info({ node: node.id, attempts: s.attempts || undefined, downForSeconds }, how);
    s.attempts = 0;
    s.last = "connected";
    s.downSince = null;
    node.options.retryDelay = opts.retryDelayMs;
    if (nodeUsable(node)) breaker.reset();
  };
  /** The last usable node went away (or none has a session yet): calls fail fast until one is usable. */
  const noneUsable = () => ![...manager.nodeManager.nodes.values()].some(nodeUsable);

  events.onNode("connect", (node) => connected(node, "lavalink node connected"));
  events.onNode("resumed", (node) => connected(node, "lavalink node session resumed"));
  // A node is usable once it has its session (the `ready` op, often after `connect`); the client sets the session
  // id right after emitting the raw payload, hence the microtask.
  events.onNode("raw", (node, payload) => {
    if ((payload as { op?: unknown } | null)?.op !== "ready") return;
    queueMicrotask(() => {
      if (nodeUsable(node)) breaker.reset();
    });
  });
  // Emitted just before lavalink-client schedules the next attempt with `retryDelay`: set it for this attempt.
  events.onNode("reconnectinprogress", (node) => {
    const s = of(node);
    node.options.retryDelay = backoffDelay(s.attempts, opts.retryDelayMs, opts.retryMaxDelayMs, opts.random);
    s.attempts++;
  });
  events.onNode("disconnect", (node, reason) => {
    const s = of(node);
    if (s.last === "connected") {
      s.last = "disconnected";
      s.downSince = Date.now();
      logger.warn(
        { node: node.id, code: reason?.code, reason: reason?.reason },
        "lavalink node disconnected; reconnecting with backoff",
      );
    } else {
      logger.debug({ node: node.id, code: reason?.code, reason: reason?.reason }, "lavalink node connection closed");
    }
    if (noneUsable()) breaker.forceOpen("no connected node");
  });
  events.onNode("reconnecting", (node) =>
    logger.debug({ node: node.id, attempt: of(node).attempts }, "lavalink node reconnecting"),
  );
  events.onNode("destroy", (node, reason) => {
    logger.debug({ node: node.id, reason }, "lavalink node destroyed");
    if (noneUsable()) breaker.forceOpen("no connected node");
  });
  events.onNode("error", (node, error) => {
    report(node, describeNodeError(node, error));
    if (noneUsable()) breaker.forceOpen("no connected node");
  });
}

/** Plain words for a node's connection error. */
export function describeNodeError(node: LavalinkNode, error: unknown): NodeTrouble {
  const where = `Lavalink node ${node.id} at ${node.options.host}:${node.options.port}`;
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === "string" ? e.message : String(error);
  const code = typeof e?.code === "string" ? e.code : undefined;
  if (/\b401\b|unauthori[sz]ed/i.test(message)) {
    return {
      key: "unauthorized",
      message: `${where} refused the password (401): set LAVALINK_PASSWORD (or the password in LAVALINK_NODES) to Lavalink's lavalink.server.password`,
    };
  }
  if (
    code &&
    ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "ECONNRESET"].includes(code)
  ) {
    return {
      key: `unreachable:${code}`,
      message: `${where} is unreachable (${code}): check that it is running and that the host and port in LAVALINK_NODES are reachable from Encore`,
    };
  }
  const status = /Unexpected server response: (\d{3})/.exec(message)?.[1];
  if (status) {
    return {
      key: `http:${status}`,
      message: `${where} answered the connection with HTTP ${status}: check that the host and port are a Lavalink v4 server`,
    };
  }
  return { key: `error:${message.slice(0, 80)}`, message: `${where} connection failed (${message.split("\n")[0]})` };
}
