import type { LavalinkManager } from "lavalink-client";
import type { CircuitBreaker } from "../core/breaker.ts";
import type { Logger } from "../core/logger.ts";

/**
 * Ties node connectivity to the circuit breaker: the last usable node going away opens it (music commands then
 * answer at once), any node (re)connecting closes it.
 */
export function watchNodeHealth(manager: LavalinkManager, breaker: CircuitBreaker, logger: Logger): void {
  const nodes = manager.nodeManager;
  nodes.on("connect", (node) => {
    logger.info({ node: node.id }, "lavalink node connected");
    breaker.reset();
  });
  nodes.on("resumed", (node) => {
    logger.info({ node: node.id }, "lavalink node session resumed");
    breaker.reset();
  });
  nodes.on("disconnect", (node, reason) => {
    logger.warn({ node: node.id, code: reason?.code, reason: reason?.reason }, "lavalink node disconnected");
    if (!manager.useable) breaker.forceOpen("no connected node");
  });
  nodes.on("reconnecting", (node) => logger.info({ node: node.id }, "lavalink node reconnecting"));
  nodes.on("destroy", (node, reason) => {
    logger.warn({ node: node.id, reason }, "lavalink node destroyed");
    if (!manager.useable) breaker.forceOpen("no connected node");
  });
  nodes.on("error", (node, error) => {
    logger.warn({ node: node.id, err: error }, "lavalink node error");
    if (!manager.useable) breaker.forceOpen("no connected node");
  });
}
