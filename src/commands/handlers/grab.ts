import { REFUSALS } from "../../i18n/refusals.ts";
import { say } from "../../i18n/translate.ts";
import { safe, trackLength, trackTitle } from "../../render/format.ts";
import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  const track = ctx.music.snapshot(ctx.guildId)?.current;
  if (!track) {
    await ctx.reply(say(ctx.t, REFUSALS.NO_PLAYER()));
    return;
  }
  await ctx.dm({
    embeds: [
      {
        title: safe(track.title),
        description: `${ctx.t("grab.by", { author: safe(track.author, 100), length: trackLength(ctx.t, track) })}${track.uri ? `\n${safe(track.uri, 500)}` : ""}`,
        ...(track.uri?.startsWith("https://") ? { url: track.uri } : {}),
      },
    ],
  });
  await ctx.reply(ctx.t("grab.sent", { track: trackTitle(ctx.t, track) }));
}
