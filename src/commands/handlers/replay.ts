import { trackTitle } from "../../render/format.ts";
import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  const track = await ctx.music.queueOps.replay(ctx.guildId ?? "");
  await ctx.reply(`Restarted ${trackTitle(track)}.`);
}
