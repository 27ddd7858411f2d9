import type { Player } from "lavalink-client";
import type { Clock } from "../core/clock.ts";

/**
 * Discord answers a voice join with VOICE_STATE_UPDATE then VOICE_SERVER_UPDATE; resolves true once both have
 * reached the player (the client then sends the node its voice credentials), false after `timeoutMs`.
 */
export function waitForVoice(player: Player, clock: Clock, timeoutMs: number): Promise<boolean> {
  return waitUntil(
    () => Boolean(player.voice.sessionId && player.voice.token && player.voice.endpoint),
    clock,
    timeoutMs,
  );
}

/** Resolves true once Discord's voice state puts the bot in `channelId` (a move was applied), false after `timeoutMs`. */
export function waitForMove(player: Player, channelId: string, clock: Clock, timeoutMs: number): Promise<boolean> {
  return waitUntil(() => player.voice.channelId === channelId, clock, timeoutMs);
}

function waitUntil(ready: () => boolean, clock: Clock, timeoutMs: number): Promise<boolean> {
  if (ready()) return Promise.resolve(true);
  const started = clock.now();
  return new Promise((resolve) => {
    const tick = () => {
      if (ready()) return resolve(true);
      if (clock.now() - started >= timeoutMs) return resolve(false);
      clock.setTimeout(tick, 20);
    };
    clock.setTimeout(tick, 20);
  });
}
