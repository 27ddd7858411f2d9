import type { LavalinkManager } from "lavalink-client";
import type { Logger } from "../core/logger.ts";
import type { QueueStore } from "../store/types.ts";
import type { EmbeddedEngine } from "./embedded/embedded-engine.ts";
import type { EmbeddedPersistence } from "./embedded/persistence.ts";
import { fromStored } from "./embedded/track.ts";
import type { LavalinkEvents } from "./lavalink-events.ts";
import { onNodeUsable } from "./node-session.ts";
import { nodeUsable } from "./node-usable.ts";
import type { PlaybackPersistence } from "./persistence.ts";

export const HANDOVER = "EngineHandover";

export interface FallbackDeps {
  manager: LavalinkManager;
  /** The manager's events, through Encore's one subscriber to them. */
  events: LavalinkEvents;
  embedded: EmbeddedEngine;
  lavalinkState: PlaybackPersistence;
  embeddedState: EmbeddedPersistence;
  queues: QueueStore;
  /** ffmpeg was found and Encore is not shutting down (a shutdown closes the node sockets on purpose). */
  enabled: () => boolean;
  logger: Logger;
}

/**
 * Moves guilds between engines when Lavalink comes and goes. When the last node disconnects, every guild playing on
 * Lavalink is saved and continues on the embedded engine from that position (the tracks it can play: direct links,
 * and YouTube/SoundCloud when yt-dlp is installed). As soon as a node is usable again (connected, described, with its
 * session: see `nodeUsable`), the embedded players that stood in are saved and handed back at once; the Lavalink
 * restore then rebuilds them from the saved position. A node that opened its socket but has no session yet is not
 * back: the embedded engine keeps playing until the session exists.
 *
 * Register before the Lavalink restore listens for a usable node, so the hand-back is saved before it reads the store.
 */
export function watchFallback(deps: FallbackDeps): void {
  const { manager, logger } = deps;
  const nodes = manager.nodeManager;
  const anyUsable = () => [...nodes.nodes.values()].some(nodeUsable);

  const takeOver = async () => {
    if (anyUsable() || !deps.enabled()) return;
    for (const player of [...manager.players.values()]) {
      const saved = deps.lavalinkState.snapshot(player);
      // A track only Lavalink can play (YouTube without yt-dlp, Spotify…) waits for its node.
      if (!saved?.current || !fromStored(saved.current, deps.embedded.canUseYtDlp())) continue;
      try {
        deps.queues.save(saved);
        await player.destroy(HANDOVER, true).catch(() => undefined);
        if (await deps.embeddedState.restoreOne(saved)) {
          logger.warn(
            { guildId: saved.guildId, position: saved.positionMs },
            "every node is down: playing on the embedded engine",
          );
        }
      } catch (err) {
        logger.warn({ err, guildId: saved.guildId }, "the embedded engine could not take over");
      }
    }
  };

  const handBack = () => {
    if (!deps.enabled()) return;
    for (const guildId of deps.embedded.guildIds()) {
      deps.embeddedState.saveNow(guildId);
      deps.embedded.destroyPlayer(guildId, HANDOVER);
      logger.info({ guildId }, "a node is back: handing the guild back to Lavalink");
    }
  };

  deps.events.onNode("disconnect", () => void takeOver());
  deps.events.onNode("destroy", () => void takeOver());
  onNodeUsable(deps.events, handBack);
}
