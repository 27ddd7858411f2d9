import type { LavalinkPlayOptions, Player } from "lavalink-client";

/**
 * A node answered a player update with an error. lavalink-client resolves a 5xx PATCH with Lavalink's error JSON
 * instead of throwing, so without this check a failed update would look like success (and never count against the
 * circuit breaker).
 */
export class NodeRequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "NodeRequestError";
    this.status = status;
  }
}

/** Lavalink's error body: `{ timestamp, status, error, message, path }`. */
function errorOf(res: unknown): NodeRequestError | null {
  if (!res || typeof res !== "object") return null;
  const r = res as { status?: unknown; error?: unknown; message?: unknown; guildId?: unknown };
  if (typeof r.status !== "number" || r.status < 400 || typeof r.guildId === "string") return null;
  const detail = typeof r.message === "string" ? r.message : typeof r.error === "string" ? r.error : "error";
  return new NodeRequestError(r.status, `node answered ${r.status}: ${detail}`);
}

/** PATCHes the player on its node and throws {@link NodeRequestError} when the node answered with an error. */
export async function patchPlayer(player: Player, options: LavalinkPlayOptions): Promise<void> {
  const res: unknown = await player.node.updatePlayer({ guildId: player.guildId, playerOptions: options });
  const err = errorOf(res);
  if (err) throw err;
}
