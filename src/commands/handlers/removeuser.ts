import { refusal } from "../../core/refusals.ts";
import type { REMOVEUSER_OPTIONS } from "../defs/queue.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export async function run(ctx: GuildContext, args: ArgsOf<typeof REMOVEUSER_OPTIONS>): Promise<void> {
  const guildId = ctx.guildId;
  const memberId = args.member;
  const upcoming = ctx.music.snapshot(guildId)?.upcoming ?? [];
  if (upcoming.length === 0) throw refusal("QUEUE_EMPTY");
  const removed = await ctx.music.removeWhere(guildId, (t) => t.requester?.id === memberId);
  const whose = memberId === ctx.user.id ? "your" : `<@${memberId}>'s`;
  if (removed.length === 0) {
    await ctx.reply(
      `There are no upcoming tracks of ${memberId === ctx.user.id ? "yours" : `<@${memberId}>`} to remove.`,
    );
    return;
  }
  await ctx.reply(`Removed ${removed.length} of ${whose} upcoming ${removed.length === 1 ? "track" : "tracks"}.`);
}
