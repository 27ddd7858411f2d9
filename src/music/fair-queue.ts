import type { Player } from "lavalink-client";
import { toRequester } from "./track-view.ts";
/**
 * Round-robin ordering by requester ("fair queue"): each requester's tracks keep their own order, and requesters
 * take turns. The requester of the track playing now goes last in the first round, so someone who just got a turn
 * does not get the next one too.
 */
export function fairOrder<T>(
  tracks: readonly T[],
  requesterOf: (t: T) => string,
  playingRequester?: string | null,
): T[] {
  const lanes = new Map<string, T[]>();
  for (const track of tracks) {
    const key = requesterOf(track);
    const lane = lanes.get(key);
    if (lane) lane.push(track);
    else lanes.set(key, [track]);
  }
  const order = [...lanes.keys()];
  if (playingRequester && lanes.has(playingRequester)) {
    order.splice(order.indexOf(playingRequester), 1);
    order.push(playingRequester);
  }
  const out: T[] = [];
  for (let round = 0; out.length < tracks.length; round++) {
    for (const key of order) {
      const track = lanes.get(key)?.[round];
      if (track !== undefined) out.push(track);
    }
  }
  return out;
}

/** Reorders a player's upcoming tracks round-robin by requester, starting after whoever is playing now. */
export async function reorderFairly(player: Player): Promise<void> {
  const requesterId = (t: { requester?: unknown }) => toRequester(t.requester)?.id ?? "";
  const playing = player.queue.current ? requesterId(player.queue.current) : null;
  const ordered = fairOrder(player.queue.tracks, requesterId, playing);
  // Through the queue's own splice, so its change watchers (persistence) see the new order.
  await player.queue.splice(0, player.queue.tracks.length, ordered);
}
