import { REFUSALS } from "../../core/refusals.ts";
import { safe, trackLength, trackTitle } from "../../render/format.ts";
import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  const track = ctx.music.snapshot(ctx.guildId)?.current;
  if (!track) {
    await ctx.reply(REFUSALS.NO_PLAYER());
    return;
  }
  await ctx.dm({
    embeds: [
      {
        title: safe(track.title),
        description: `by ${safe(track.author, 100)} · ${trackLength(track)}${track.uri ? `\n${safe(track.uri, 500)}` : ""}`,
        ...(track.uri?.startsWith("https://") ? { url: track.uri } : {}),
      },
    ],
  });
  await ctx.reply(`I sent you ${trackTitle(track)} in a direct message.`);
}
