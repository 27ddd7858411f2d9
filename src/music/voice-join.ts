import type { LavalinkManager, Player } from "lavalink-client";
import type { Clock } from "../core/clock.ts";
import { userError } from "../i18n/translate.ts";
import { waitForVoice } from "./voice-wait.ts";

export interface JoinRequest {
  readonly guildId: string;
  readonly voiceChannelId: string;
  readonly textChannelId: string;
}

/**
 * The guild's player, connected to voice: reuses a connected one, otherwise creates it (at `defaultVolume`), sends
 * the voice join and waits for Discord's answer. A join Discord never answers (no Connect/Speak permission) is
 * undone and refused with a clear message.
 */
export async function joinVoice(
  manager: LavalinkManager,
  req: JoinRequest,
  opts: { defaultVolume: number; timeoutMs: number; clock: Clock },
): Promise<Player> {
  const existing = manager.getPlayer(req.guildId);
  if (existing?.voiceChannelId && existing.voice.endpoint) return existing;
  const player =
    existing ??
    manager.createPlayer({
      guildId: req.guildId,
      voiceChannelId: req.voiceChannelId,
      textChannelId: req.textChannelId,
      selfDeaf: true,
      volume: opts.defaultVolume,
    });
  await player.connect();
  if (!(await waitForVoice(player, opts.clock, opts.timeoutMs))) {
    await player.destroy("VoiceConnectTimeout").catch(() => undefined);
    throw userError("VOICE_FAILED", "music.voiceFailed");
  }
  return player;
}
