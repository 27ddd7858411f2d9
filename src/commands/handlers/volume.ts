import type { VOLUME_OPTIONS } from "../defs/playback.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export async function run(ctx: GuildContext, args: ArgsOf<typeof VOLUME_OPTIONS>): Promise<void> {
  const guildId = ctx.guildId;
  if (args.level === undefined) {
    await ctx.reply(ctx.t("volume.is", { volume: ctx.music.snapshot(guildId)?.volume ?? 100 }));
    return;
  }
  await ctx.music.setVolume(guildId, args.level);
  await ctx.reply(ctx.t("volume.set", { volume: args.level }));
}
