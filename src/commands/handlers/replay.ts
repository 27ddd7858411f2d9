import { trackTitle } from "../../render/format.ts";
import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  const track = await ctx.music.replay(ctx.guildId);
  await ctx.reply(ctx.t("replay.done", { track: trackTitle(ctx.t, track) }));
}
