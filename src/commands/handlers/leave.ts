import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  await ctx.music.leave(ctx.guildId);
  await ctx.reply(ctx.t("leave.done"));
}
