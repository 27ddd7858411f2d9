import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  await ctx.music.stop(ctx.guildId ?? "");
  await ctx.reply("Stopped and cleared the queue.");
}
