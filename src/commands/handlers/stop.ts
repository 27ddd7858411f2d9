import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  await ctx.music.stop(ctx.guildId);
  await ctx.reply(ctx.t("stop.done"));
}
