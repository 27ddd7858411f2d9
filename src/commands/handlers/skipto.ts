import { trackTitle } from "../../render/format.ts";
import type { SKIPTO_OPTIONS } from "../defs/playback.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export async function run(ctx: GuildContext, args: ArgsOf<typeof SKIPTO_OPTIONS>): Promise<void> {
  const target = await ctx.music.skipTo(ctx.guildId, args.position);
  await ctx.reply(ctx.t("skip.skippedTo", { track: trackTitle(ctx.t, target) }));
}
