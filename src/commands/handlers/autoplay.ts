import type { AUTOPLAY_OPTIONS } from "../defs/playback.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export async function run(ctx: GuildContext, args: ArgsOf<typeof AUTOPLAY_OPTIONS>): Promise<void> {
  const guildId = ctx.guildId;
  const on = args.state ?? !ctx.music.autoplayEnabled(guildId);
  await ctx.music.setAutoplay(guildId, on);
  await ctx.reply(ctx.t(on ? "autoplay.on" : "autoplay.off"));
}
