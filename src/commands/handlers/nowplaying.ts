import { nowPlayingEmbed, playerButtons } from "../../discord/player-view.ts";
import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  const snap = ctx.music.snapshot(ctx.guildId ?? "");
  if (!snap?.current) {
    await ctx.reply("Nothing is playing right now.");
    return;
  }
  await ctx.reply({ embeds: [nowPlayingEmbed(snap, { progress: true })], components: playerButtons(snap) });
}
