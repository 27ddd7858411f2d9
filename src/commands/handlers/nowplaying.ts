import { REFUSALS } from "../../i18n/refusals.ts";
import { say } from "../../i18n/translate.ts";
import { trackTitle } from "../../render/format.ts";
import { nowPlayingEmbed, playerButtons } from "../../render/player-view.ts";
import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  const snap = ctx.music.snapshot(ctx.guildId);
  if (!snap?.current) {
    await ctx.reply(say(ctx.t, REFUSALS.NO_PLAYER()));
    return;
  }
  if (snap.unavailable) {
    // Nothing is audible while the node is away: say so instead of a progress bar that keeps moving.
    await ctx.reply(ctx.t("nowplaying.unavailable", { track: trackTitle(ctx.t, snap.current) }));
    return;
  }
  await ctx.reply({
    embeds: [nowPlayingEmbed(ctx.t, snap, { progress: true })],
    components: playerButtons(ctx.t, snap),
  });
}
