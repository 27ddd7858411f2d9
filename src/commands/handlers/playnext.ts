import type { PLAYNEXT_OPTIONS } from "../defs/playback.ts";
import { describePlay, playTarget } from "../replies.ts";
import type { ArgsOf, CommandContext } from "../types.ts";

export async function run(ctx: CommandContext, args: ArgsOf<typeof PLAYNEXT_OPTIONS>): Promise<void> {
  const result = await ctx.music.play({
    ...playTarget(ctx),
    query: args.query,
    next: true,
    shuffle: args.shuffle === true,
  });
  await ctx.reply(describePlay(ctx.t, result, true));
}
