import { formatStats } from "../../render/stats.ts";
import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  await ctx.reply({ content: formatStats(ctx.t, ctx.stats()), ephemeral: true });
}
