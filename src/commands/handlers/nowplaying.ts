import { REFUSALS } from "../../core/refusals.ts";
import { trackTitle } from "../../render/format.ts";
import { nowPlayingEmbed, playerButtons } from "../../render/player-view.ts";
import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  const snap = ctx.music.snapshot(ctx.guildId);
  if (!snap?.current) {
    await ctx.reply(REFUSALS.NO_PLAYER());
    return;
  }
  if (snap.unavailable) {
    // Nothing is audible while the node is away: say so instead of a progress bar that keeps moving.
    await ctx.reply(
      `The music node is unavailable, reconnecting… ${trackTitle(snap.current)} continues once it is back.`,
    );
    return;
  }
  await ctx.reply({ embeds: [nowPlayingEmbed(snap, { progress: true })], components: playerButtons(snap) });
}
