import {
  type DiscordGatewayAdapterCreator,
  entersState,
  joinVoiceChannel,
  type VoiceConnection,
  VoiceConnectionDisconnectReason,
  VoiceConnectionStatus,
} from "@discordjs/voice";
import type { Logger } from "../../core/logger.ts";
import { userError } from "../../i18n/translate.ts";

/** Voice gateway close codes Encore reacts to. */
export const CLOSE = { kicked: 4014, sessionInvalid: 4006, daveRequired: 4017, callTerminated: 4022 } as const;

/** Reconnect attempts after a voice close other than 4014 before the guild's player gives up. */
export const MAX_VOICE_REJOINS = 3;

export interface VoiceJoinOptions {
  readonly guildId: string;
  readonly channelId: string;
  /** Keeps this engine's connections apart from any other user of @discordjs/voice in the process. */
  readonly group: string;
  readonly adapterCreator: DiscordGatewayAdapterCreator;
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** The connection is gone for good (kicked, or reconnecting failed): the player must be cleaned up. */
  readonly lost: (reason: string) => void;
}

/**
 * Joins a voice channel and waits until audio can flow. Close code 4014 (kicked, channel deleted) leaves at once;
 * other closes (4006 session invalid, 4017 DAVE required, 4022 call terminated, network loss) are retried a few
 * times, then the player is cleaned up.
 */
export async function joinVoice(opts: VoiceJoinOptions): Promise<VoiceConnection> {
  const connection = joinVoiceChannel({
    guildId: opts.guildId,
    channelId: opts.channelId,
    group: opts.group,
    adapterCreator: opts.adapterCreator,
    selfDeaf: true,
    selfMute: false,
  });
  connection.on("error", (err) => opts.logger.warn({ err, guildId: opts.guildId }, "voice connection error"));
  try {
    await entersState(connection, VoiceConnectionStatus.Ready, opts.timeoutMs);
  } catch {
    connection.destroy();
    throw userError("VOICE_FAILED", "music.voiceFailed");
  }
  watch(connection, opts);
  return connection;
}

function watch(connection: VoiceConnection, opts: VoiceJoinOptions): void {
  const log = opts.logger.child({ guildId: opts.guildId });
  connection.on("stateChange", (_from, to) => {
    if (to.status !== VoiceConnectionStatus.Disconnected) return;
    if (to.reason === VoiceConnectionDisconnectReason.WebSocketClose && to.closeCode === CLOSE.kicked) {
      log.info("disconnected from voice (4014): leaving");
      opts.lost("VoiceKicked");
      return;
    }
    if (connection.rejoinAttempts >= MAX_VOICE_REJOINS) {
      log.warn({ attempts: connection.rejoinAttempts }, "voice did not come back: leaving");
      opts.lost("VoiceLost");
      return;
    }
    log.info({ attempt: connection.rejoinAttempts + 1 }, "voice connection lost: rejoining");
    connection.rejoin();
  });
  // The library itself re-signals after closes other than 4014; bound those attempts too.
  connection.on("stateChange", (_from, to) => {
    if (to.status === VoiceConnectionStatus.Signalling && connection.rejoinAttempts > MAX_VOICE_REJOINS) {
      log.warn({ attempts: connection.rejoinAttempts }, "voice keeps closing: leaving");
      opts.lost("VoiceLost");
    }
  });
}
