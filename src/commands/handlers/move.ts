import { trackTitle } from "../../render/format.ts";
import type { MOVE_OPTIONS } from "../defs/queue.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export async function run(ctx: GuildContext, args: ArgsOf<typeof MOVE_OPTIONS>): Promise<void> {
  const moved = await ctx.music.moveTrack(ctx.guildId, args.from, args.to);
  await ctx.reply(ctx.t("move.done", { track: trackTitle(ctx.t, moved), position: args.to }));
}
