import type { LavalinkManager, LavalinkNode, Track } from "lavalink-client";
import { safe } from "../core/safe-text.ts";
import { userError } from "../i18n/translate.ts";
import { NodeRequestError } from "./node-patch.ts";
import { missingSource, type NodeInfoLike, NodeSources } from "./node-sources.ts";
import { nodeUsable } from "./node-usable.ts";
import { noPluginSource } from "./plugin-links.ts";

/** A node's answer to `/v4/loadtracks`, with tracks built for the client. */
export interface NodeLoadResult {
  readonly loadType: "track" | "playlist" | "search" | "empty" | "error";
  readonly tracks: Track[];
  readonly playlistName: string | null;
  /** The node's own message when `loadType` is "error" (not yet escaped). */
  readonly errorMessage: string | null;
}

/** Runs a node call through the circuit breaker (the music service's guard). */
export type Guard = <T>(fn: () => Promise<T>) => Promise<T>;

interface LoadTracksJson {
  loadType?: unknown;
  data?: unknown;
}

/**
 * Loads identifiers on a node with `GET /v4/loadtracks`, bypassing lavalink-client's `search()`: that one strips
 * its own source prefixes (`uri:`, `local:`, …) and applies its source checks, so the identifier Encore built (a
 * checked link, or `<source>:<text>` for a source the node advertises) goes out exactly as it is.
 *
 * Only node and transport failures reject with a plain error (they count against the breaker): a closed socket, a
 * timeout, a 5xx or an answer that is not a load result. A 4xx is the query's problem and rejects with a
 * `UserError`; a load error comes back as `loadType: "error"` with the node's message.
 */
export class NodeLoader {
  private readonly manager: LavalinkManager;
  private readonly guard: Guard;

  constructor(deps: { manager: LavalinkManager; guard: Guard }) {
    this.manager = deps.manager;
    this.guard = deps.guard;
  }

  /** Usable nodes ({@link nodeUsable}: connected, described, with a session), least used first. */
  usableNodes(): LavalinkNode[] {
    return this.manager.nodeManager.leastUsedNodes().filter(nodeUsable);
  }

  /** What the usable nodes can do together. */
  capabilities(): NodeSources {
    const infos = this.usableNodes().map((n) => n.info as NodeInfoLike);
    return new NodeSources({
      sourceManagers: infos.flatMap((i) => i.sourceManagers ?? []),
      plugins: infos.flatMap((i) => i.plugins ?? []),
    });
  }

  /**
   * Loads `<source>:<text>` (a search) or, with `source` null, the link `text` on a node that serves it; a link
   * only a plugin loads (`needs`: the source manager, e.g. LavaSrc's "spotify") goes to a node advertising it.
   */
  load(text: string, source: string | null, needs?: { manager: string; label: string }): Promise<NodeLoadResult> {
    return this.guard(async () => {
      const node = this.pickNode(source, needs);
      const identifier = source ? `${source}:${text}` : text;
      const { response } = await node.rawRequest(`/loadtracks?identifier=${encodeURIComponent(identifier)}`);
      if (response.status >= 500) {
        throw new NodeRequestError(response.status, `node ${node.id} answered ${response.status} to loadtracks`);
      }
      if (response.status >= 400) {
        const message = await errorMessage(response);
        throw message
          ? userError("BAD_QUERY", "music.nodeRefused", { message: safe(message, 200) })
          : userError("BAD_QUERY", "music.nodeRefusedStatus", { status: response.status });
      }
      const body = (await response.json()) as LoadTracksJson;
      return this.toResult(node, body);
    });
  }

  private pickNode(source: string | null, needs?: { manager: string; label: string }): LavalinkNode {
    const nodes = this.usableNodes();
    const node = nodes.find((n) => {
      const caps = new NodeSources(n.info as NodeInfoLike);
      if (source) return caps.searches(source);
      return needs ? caps.hasManager(needs.manager) : caps.loadsLinks;
    });
    if (node) return node;
    if (source) throw missingSource(source);
    if (needs) throw noPluginSource(needs.label);
    throw userError("SOURCE_UNAVAILABLE", "music.noLinks");
  }

  private toResult(node: LavalinkNode, body: LoadTracksJson): NodeLoadResult {
    const build = (t: unknown) => this.manager.utils.buildTrack(t as Track, null);
    const empty = { tracks: [], playlistName: null, errorMessage: null };
    switch (body.loadType) {
      case "track":
        return { ...empty, loadType: "track", tracks: [build(body.data)] };
      case "search":
        return { ...empty, loadType: "search", tracks: (Array.isArray(body.data) ? body.data : []).map(build) };
      case "playlist": {
        const data = (body.data ?? {}) as { info?: { name?: string }; tracks?: unknown[] };
        const tracks = Array.isArray(data.tracks) ? data.tracks.map(build) : [];
        return { ...empty, loadType: "playlist", tracks, playlistName: data.info?.name ?? null };
      }
      case "empty":
        return { ...empty, loadType: "empty" };
      case "error": {
        const data = (body.data ?? {}) as { message?: unknown };
        const message = typeof data.message === "string" && data.message.trim() ? data.message.trim() : null;
        return { ...empty, loadType: "error", errorMessage: message };
      }
      default:
        throw new Error(`node ${node.id} answered loadtracks with an invalid response`);
    }
  }
}

/** Lavalink's error body `{ status, error, message }`, when there is one. */
async function errorMessage(response: Response): Promise<string | null> {
  try {
    const body = (await response.json()) as { message?: unknown; error?: unknown };
    if (typeof body.message === "string" && body.message.trim()) return body.message.trim().slice(0, 200);
    if (typeof body.error === "string" && body.error.trim()) return body.error.trim().slice(0, 200);
  } catch {
    // Not JSON: the status says enough.
  }
  return null;
}
