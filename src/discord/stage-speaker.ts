import type { VoiceState } from "discord.js";
import type { Logger } from "../core/logger.ts";
import { stageRight } from "./context.ts";

/**
 * Everyone joins a stage in the audience. When the bot lands on a stage suppressed, it goes on stage by itself where
 * it may (Mute Members), otherwise raises its hand (Request to Speak) once; a moderator's invite then unsuppresses it.
 */
export async function takeTheStage(state: VoiceState, botUserId: string, logger: Logger): Promise<void> {
  if (state.id !== botUserId || !state.channelId || !state.suppress) return;
  const right = stageRight(state.guild, state.channelId);
  try {
    if (right === "speaker") await state.setSuppressed(false);
    else if (right === "request" && !state.requestToSpeakTimestamp) await state.setRequestToSpeak(true);
  } catch (err) {
    logger.warn({ err, guildId: state.guild.id }, "could not become a speaker on the stage");
  }
}
