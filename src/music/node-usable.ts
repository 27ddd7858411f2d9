import type { LavalinkNode } from "lavalink-client";

/**
 * Whether a node can take calls now: its socket is open, it has described itself (`/v4/info`, which the client
 * reads on open) and it has sent its `ready` op with the session id every player call is addressed to. A node
 * between opening its socket and sending `ready` is still connecting: a voice update or track start sent to it
 * would fail, so the front door, the breaker, readiness and node health all treat it as not usable yet.
 */
export function nodeUsable(node: LavalinkNode): boolean {
  return node.connected && Boolean(node.info) && Boolean(node.sessionId);
}
