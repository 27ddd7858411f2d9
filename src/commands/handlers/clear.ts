import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  const count = await ctx.music.clearQueue(ctx.guildId);
  await ctx.reply(ctx.t("clear.done", { count }));
}
