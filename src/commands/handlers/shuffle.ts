import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  const count = await ctx.music.queueOps.shuffle(ctx.guildId ?? "");
  await ctx.reply(`Shuffled ${count} tracks.`);
}
