import { describePlay, playTarget } from "../replies.ts";
import type { Args, CommandContext } from "../types.ts";

export async function run(ctx: CommandContext, args: Args): Promise<void> {
  const result = await ctx.music.play({
    ...playTarget(ctx),
    query: String(args.query ?? ""),
    next: true,
    shuffle: args.shuffle === true,
  });
  await ctx.reply(describePlay(result, true));
}
