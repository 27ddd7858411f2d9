import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  await ctx.music.pause(ctx.guildId ?? "");
  await ctx.reply("Paused.");
}
