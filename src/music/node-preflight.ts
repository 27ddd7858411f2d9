import type { LavalinkManager, LavalinkNode } from "lavalink-client";
import type { Logger } from "../core/logger.ts";

/** Discord requires DAVE voice encryption; Lavalink supports it from 4.2 on. Older nodes join and stay silent. */
export const MIN_LAVALINK = { major: 4, minor: 2 } as const;

export interface NodeCompatibility {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/** What is wrong with a node for Encore, from its /v4/info. */
export function checkNodeInfo(info: LavalinkNode["info"]): NodeCompatibility {
  const problems: string[] = [];
  if (!info) return { ok: false, problems: ["the node did not describe itself (/v4/info)"] };
  const { major, minor, semver } = info.version;
  if (major < MIN_LAVALINK.major || (major === MIN_LAVALINK.major && minor < MIN_LAVALINK.minor)) {
    problems.push(
      `Lavalink ${semver} is too old: Discord's voice encryption (DAVE) needs ${MIN_LAVALINK.major}.${MIN_LAVALINK.minor} or newer, so playback would be silent`,
    );
  }
  if (!info.sourceManagers.includes("youtube")) {
    problems.push(
      "the node has no YouTube source: install the youtube-source plugin to play YouTube searches and links",
    );
  }
  return { ok: problems.length === 0, problems };
}

/**
 * Checks every node when it connects and says plainly what is wrong (a too-old Lavalink, a missing YouTube
 * source), instead of leaving members with a bot that joins and stays silent.
 */
export class NodePreflight {
  private readonly results = new Map<string, NodeCompatibility>();
  private readonly manager: LavalinkManager;
  private readonly logger: Logger;

  constructor(manager: LavalinkManager, logger: Logger) {
    this.manager = manager;
    this.logger = logger;
  }

  start(): void {
    this.manager.nodeManager.on("connect", (node) => {
      const result = checkNodeInfo(node.info);
      this.results.set(node.id, result);
      for (const problem of result.problems) this.logger.error({ node: node.id }, `lavalink node problem: ${problem}`);
    });
  }

  /** The last check of a node, or null before it first connected. */
  result(nodeId: string): NodeCompatibility | null {
    return this.results.get(nodeId) ?? null;
  }
}
