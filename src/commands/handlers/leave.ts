import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  await ctx.music.leave(ctx.guildId ?? "");
  await ctx.reply("Left the voice channel.");
}
