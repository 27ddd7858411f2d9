import { formatDuration } from "../../render/format.ts";
import type { Args, CommandContext } from "../types.ts";

export async function run(ctx: CommandContext, args: Args): Promise<void> {
  const ms = Number(args.time ?? 0);
  await ctx.music.seek(ctx.guildId ?? "", ms);
  await ctx.reply(`Jumped to ${formatDuration(ms)}.`);
}
