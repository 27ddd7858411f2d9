import { formatDuration } from "../../render/format.ts";
import type { SEEK_OPTIONS } from "../defs/playback.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export async function run(ctx: GuildContext, args: ArgsOf<typeof SEEK_OPTIONS>): Promise<void> {
  const ms = args.time;
  await ctx.music.seek(ctx.guildId, ms);
  await ctx.reply(ctx.t("seek.done", { position: formatDuration(ms) }));
}
