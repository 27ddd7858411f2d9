import type { Logger } from "../core/logger.ts";
import type { LavalinkEvents } from "./lavalink-events.ts";
import { pluginFeatures } from "./node-plugins.ts";
import { type NodeInfoLike, NodeSources, sourceLabel } from "./node-sources.ts";

/** Discord requires DAVE voice encryption; Lavalink supports it from 4.2 on. Older nodes join and stay silent. */
export const MIN_LAVALINK = { major: 4, minor: 2 } as const;

export interface NodeCompatibility {
  /** Nothing stops the node from playing links and searches. */
  readonly ok: boolean;
  /** What keeps it from serving members (too old, no link source, no search source). */
  readonly problems: readonly string[];
  /** Worth knowing, not a fault (searches use another source than the configured one). */
  readonly notes: readonly string[];
  /** "Lavalink 4.2.2" or "NodeLink 3.0.1". */
  readonly server: string;
  /** The node loads links. */
  readonly links: boolean;
  /** The source a plain search goes to first on this node, null when it has no search source. */
  readonly search: string | null;
}

/** `/v4/info` as Lavalink and NodeLink send it; NodeLink's version numbers may be strings. */
export interface NodeInfoShape extends NodeInfoLike {
  readonly version?: {
    readonly semver?: unknown;
    readonly major?: unknown;
    readonly minor?: unknown;
    readonly patch?: unknown;
  } | null;
  readonly isNodeLink?: unknown;
  /** lavalink-client rewrites the flag under this spelling after connecting. */
  readonly isNodelink?: unknown;
}

const num = (v: unknown): number => {
  const n = typeof v === "number" ? v : Number.parseInt(String(v ?? ""), 10);
  return Number.isFinite(n) ? n : 0;
};

/** Whether `/v4/info` comes from NodeLink (an independent Lavalink-compatible server) rather than Lavalink. */
export const isNodeLinkInfo = (info: NodeInfoShape): boolean => info.isNodeLink === true || info.isNodelink === true;

/**
 * What is wrong with a node for Encore, from its /v4/info and the configured search order. A Lavalink must be 4.2
 * or newer (DAVE); NodeLink numbers its own releases and is not held to Lavalink's. Any node must load links and
 * offer at least one search source; a missing preferred source is only a note (searches fall back to what the
 * node has).
 */
export function checkNodeInfo(
  info: NodeInfoShape | null | undefined,
  searchOrder: readonly string[],
): NodeCompatibility {
  if (!info) {
    return {
      ok: false,
      problems: ["the node did not describe itself (/v4/info)"],
      notes: [],
      server: "unknown",
      links: false,
      search: null,
    };
  }
  const problems: string[] = [];
  const notes: string[] = [];
  const nodeLink = isNodeLinkInfo(info);
  const v = info.version ?? {};
  const major = num(v.major);
  const minor = num(v.minor);
  const semver = typeof v.semver === "string" && v.semver ? v.semver : `${major}.${minor}.${num(v.patch)}`;
  const server = `${nodeLink ? "NodeLink" : "Lavalink"} ${semver}`;
  if (!nodeLink && (major < MIN_LAVALINK.major || (major === MIN_LAVALINK.major && minor < MIN_LAVALINK.minor))) {
    problems.push(
      `Lavalink ${semver} is too old: Discord's voice encryption (DAVE) needs ${MIN_LAVALINK.major}.${MIN_LAVALINK.minor} or newer, so playback would be silent`,
    );
  }
  const sources = new NodeSources(info);
  if (!sources.loadsLinks) problems.push("the node has no source that loads links (enable at least the http source)");
  const search = sources.searchOrder(searchOrder)[0] ?? null;
  const preferred = searchOrder[0];
  if (!search) {
    problems.push("the node has no search source: members can only play links");
  } else if (preferred && search !== preferred) {
    notes.push(`searches use ${sourceLabel(search)}: the node has no ${sourceLabel(preferred)} source`);
  }
  return { ok: problems.length === 0, problems, notes, server, links: sources.loadsLinks, search };
}

/**
 * Checks every node when it connects and says plainly what is wrong (a too-old Lavalink, no link or search source),
 * instead of leaving members with a bot that joins and stays silent.
 */
export class NodePreflight {
  private readonly results = new Map<string, NodeCompatibility>();
  private readonly events: LavalinkEvents;
  private readonly logger: Logger;
  private readonly searchOrder: readonly string[];

  constructor(events: LavalinkEvents, logger: Logger, searchOrder: readonly string[] = []) {
    this.events = events;
    this.logger = logger;
    this.searchOrder = searchOrder;
  }

  start(): void {
    this.events.onNode("connect", (node) => {
      const result = checkNodeInfo(node.info as NodeInfoShape | null, this.searchOrder);
      this.results.set(node.id, result);
      for (const problem of result.problems) this.logger.error({ node: node.id }, `lavalink node problem: ${problem}`);
      for (const note of result.notes) this.logger.warn({ node: node.id }, `lavalink node: ${note}`);
      this.logger.info(
        {
          node: node.id,
          server: result.server,
          links: result.links,
          search: result.search,
          plugins: pluginFeatures(node.info as NodeInfoShape | null),
        },
        "lavalink node checked",
      );
    });
  }

  /** The last check of a node, or null before it first connected. */
  result(nodeId: string): NodeCompatibility | null {
    return this.results.get(nodeId) ?? null;
  }
}
