import type { Player } from "lavalink-client";
import type { Clock } from "../core/clock.ts";
import { userError } from "../i18n/translate.ts";
import { waitForMove } from "./voice-wait.ts";

/**
 * Moves a connected player to another voice channel. The same player (and node session) follows the bot: Discord
 * sends new voice credentials, which lavalink-client hands to the node, and the queue and position are untouched.
 */
export async function moveLavalinkPlayer(
  existing: Player,
  from: string,
  voiceChannelId: string,
  clock: Clock,
  timeoutMs: number,
): Promise<void> {
  await existing.changeVoiceState({ voiceChannelId, selfDeaf: true });
  if (!(await waitForMove(existing, voiceChannelId, clock, timeoutMs))) {
    // Discord kept the bot where it was (no Connect permission there): the player stays in its channel.
    existing.voiceChannelId = from;
    existing.options.voiceChannelId = from;
    throw userError("VOICE_FAILED", "music.moveFailed");
  }
  await existing.queue.utils.save();
}
