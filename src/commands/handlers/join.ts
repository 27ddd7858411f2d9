import { refusal } from "../../i18n/refusals.ts";
import type { GuildContext } from "../types.ts";

/** What a stage channel means for the reply: on stage at once, or waiting for a moderator to accept the request. */
export function stageNote(ctx: GuildContext, channelId: string): string {
  const right = ctx.voice.stageRight(channelId);
  if (right === "speaker") return ctx.t("join.stageSpeaker");
  if (right === "request") return ctx.t("join.stageRequest");
  return "";
}

export async function run(ctx: GuildContext): Promise<void> {
  const guildId = ctx.guildId;
  const target = ctx.voice.userChannelId();
  if (!target) throw refusal("NOT_IN_VOICE");
  const volume = ctx.settings().defaultVolume;
  const outcome = await ctx.music.join({
    guildId,
    voiceChannelId: target,
    textChannelId: ctx.channelId,
    ...(volume !== null ? { defaultVolume: volume } : {}),
  });
  if (outcome === "already-there") {
    await ctx.reply({ content: ctx.t("join.already", { channel: `<#${target}>` }), ephemeral: true });
    return;
  }
  const note = stageNote(ctx, target);
  await ctx.reply(ctx.t(outcome === "moved" ? "join.moved" : "join.joined", { channel: `<#${target}>`, note }));
}
