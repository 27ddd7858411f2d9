import { trackTitle } from "../../render/format.ts";
import type { Args, CommandContext } from "../types.ts";

export async function run(ctx: CommandContext, args: Args): Promise<void> {
  const target = await ctx.music.queueOps.skipTo(ctx.guildId ?? "", Number(args.position));
  await ctx.reply(`Skipped to ${trackTitle(target)}.`);
}
