import type { LavalinkNode } from "lavalink-client";
import type { LavalinkEvents } from "./lavalink-events.ts";
import { nodeUsable } from "./node-usable.ts";

/**
 * Keeps a reconnecting node's session id honest. To resume, the client puts the previous session id on the node
 * before the socket opens, so right after `connect` the node looks as if it had a session although it has not sent
 * its `ready` op yet (and the session may be gone: a restarted node answers with a new one). On `connect` without a
 * `ready` on this socket, the stale id is cleared (the resume header keeps its own copy), so {@link nodeUsable} says
 * "connecting" until the node's `ready` sets the real one. Register before every other node listener.
 */
export function trackNodeSessions(events: LavalinkEvents): void {
  const ready = new Set<string>();
  events.onNode("raw", (node, payload) => {
    if ((payload as { op?: unknown } | null)?.op === "ready") ready.add(node.id);
  });
  events.onNode("connect", (node) => {
    if (!ready.has(node.id)) node.sessionId = null;
  });
  const lost = (node: LavalinkNode) => ready.delete(node.id);
  events.onNode("disconnect", lost);
  events.onNode("destroy", lost);
}

/**
 * Calls `fn` once per connection when the node becomes usable: on `connect` when its session already exists,
 * otherwise on its later `ready` op (the client sets the session id right after emitting the raw payload, hence the
 * microtask). A disconnect (or destroy) starts over.
 */
export function onNodeUsable(events: LavalinkEvents, fn: (node: LavalinkNode) => void): void {
  // Nodes whose socket opened and which described themselves (`connect`) since they last went away; a `ready` that
  // comes before `connect` waits for it (the node's info and players may still be those of the last connection).
  const opened = new Set<string>();
  const done = new Set<string>();
  const check = (node: LavalinkNode) => {
    if (!opened.has(node.id) || done.has(node.id) || !nodeUsable(node)) return;
    done.add(node.id);
    fn(node);
  };
  events.onNode("connect", (node) => {
    opened.add(node.id);
    check(node);
  });
  events.onNode("raw", (node, payload) => {
    if ((payload as { op?: unknown } | null)?.op === "ready") queueMicrotask(() => check(node));
  });
  const lost = (node: LavalinkNode) => {
    opened.delete(node.id);
    done.delete(node.id);
  };
  events.onNode("disconnect", lost);
  events.onNode("destroy", lost);
}
