import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  await ctx.music.resume(ctx.guildId ?? "");
  await ctx.reply("Resumed.");
}
