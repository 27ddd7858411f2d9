import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  const count = await ctx.music.clearQueue(ctx.guildId);
  await ctx.reply(count === 1 ? "Cleared 1 track from the queue." : `Cleared ${count} tracks from the queue.`);
}
