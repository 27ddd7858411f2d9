import { trackTitle } from "../../render/format.ts";
import type { SKIP_OPTIONS } from "../defs/playback.ts";
import { controlRight } from "../permissions.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

/**
 * Members with control rights (see permissions.ts) skip at once; everyone else adds a vote, and the skip happens
 * when the votes reach the guild's ratio of the listeners. `skip to <n>` needs control rights (declared with the command).
 */
export async function run(ctx: GuildContext, args: ArgsOf<typeof SKIP_OPTIONS>): Promise<void> {
  const guildId = ctx.guildId;
  if (args.to !== undefined) {
    const target = await ctx.music.skipTo(guildId, args.to);
    await ctx.reply(ctx.t("skip.skippedTo", { track: trackTitle(ctx.t, target) }));
    return;
  }
  if (controlRight(ctx)) {
    const skipped = await ctx.music.skip(guildId);
    await ctx.reply(
      skipped ? ctx.t("skip.skipped", { track: trackTitle(ctx.t, skipped) }) : ctx.t("skip.skippedPlain"),
    );
    return;
  }
  const vote = await ctx.music.voteSkip(guildId, ctx.user.id, ctx.voice.listenerIds(), ctx.settings().voteSkipRatio);
  if (vote.skipped) {
    await ctx.reply(ctx.t("skip.votePassed", { ...vote, track: trackTitle(ctx.t, vote.skipped) }));
  } else if (vote.repeated) {
    await ctx.reply(ctx.t("skip.alreadyVoted", vote));
  } else {
    await ctx.reply(ctx.t("skip.voteAdded", vote));
  }
}
