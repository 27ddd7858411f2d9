import { trackTitle } from "../../render/format.ts";
import type { Args, CommandContext } from "../types.ts";

export async function run(ctx: CommandContext, args: Args): Promise<void> {
  const to = Number(args.to);
  const moved = await ctx.music.queueOps.move(ctx.guildId ?? "", Number(args.from), to);
  await ctx.reply(`Moved ${trackTitle(moved)} to position ${to}.`);
}
