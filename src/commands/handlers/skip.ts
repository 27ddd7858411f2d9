import { trackTitle } from "../../discord/format.ts";
import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  const skipped = await ctx.music.skip(ctx.guildId ?? "");
  await ctx.reply(skipped ? `Skipped ${trackTitle(skipped)}.` : "Skipped.");
}
