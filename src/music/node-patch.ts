import type { LavalinkPlayOptions, Player } from "lavalink-client";
import { safe } from "../core/safe-text.ts";
import { userError } from "../i18n/translate.ts";

/**
 * A node answered a player update with a server error (5xx), or could not be asked at all. It counts against the
 * circuit breaker; the engine's `guard` tells the member the node failed.
 */
export class NodeRequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "NodeRequestError";
    this.status = status;
  }
}

/** The `message` (else `error`) of Lavalink's error body `{ timestamp, status, error, message, path }`. */
async function errorDetail(response: Response): Promise<string | null> {
  try {
    const body = (await response.json()) as { message?: unknown; error?: unknown };
    if (typeof body.message === "string" && body.message) return body.message;
    return typeof body.error === "string" && body.error ? body.error : null;
  } catch {
    return null;
  }
}

/**
 * PATCHes the player on its node (`/v4/sessions/{id}/players/{guildId}`) and checks the answer. lavalink-client's
 * own `updatePlayer` (behind `pause`, `setVolume`, `seek`, `skip`…) changes its local player before it asks and
 * resolves a 5xx answer as if it were the player, so a failed update would look like success. This changes nothing
 * locally: callers update lavalink-client's player once it resolved.
 *
 * A 5xx (or no answer) rejects with {@link NodeRequestError}, a node fault that counts against the breaker. A 4xx is
 * the request's problem, not the node's health: it rejects with a `UserError` (NODE_REFUSED) saying what the node said.
 */
export async function patchPlayer(
  player: Player,
  options: LavalinkPlayOptions & Record<string, unknown>,
): Promise<void> {
  const node = player.node;
  if (!node.connected || !node.sessionId) {
    throw new NodeRequestError(0, `node ${node.id} is not connected`);
  }
  const { response } = await node.rawRequest(`/sessions/${node.sessionId}/players/${player.guildId}`, (r) => {
    r.method = "PATCH";
    r.headers = { ...r.headers, "Content-Type": "application/json" };
    r.body = JSON.stringify(options);
  });
  if (response.status >= 500) {
    const detail = (await errorDetail(response)) ?? "error";
    throw new NodeRequestError(response.status, `node ${node.id} answered ${response.status}: ${detail}`);
  }
  if (response.status >= 400) {
    const detail = await errorDetail(response);
    throw detail
      ? userError("NODE_REFUSED", "music.nodeRefused", { message: safe(detail, 200) })
      : userError("NODE_REFUSED", "music.nodeRefusedStatus", { status: response.status });
  }
  await response.body?.cancel();
}
