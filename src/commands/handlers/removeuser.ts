import { refusal } from "../../i18n/refusals.ts";
import type { REMOVEUSER_OPTIONS } from "../defs/queue.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export async function run(ctx: GuildContext, args: ArgsOf<typeof REMOVEUSER_OPTIONS>): Promise<void> {
  const guildId = ctx.guildId;
  const memberId = args.member;
  const upcoming = ctx.music.snapshot(guildId)?.upcoming ?? [];
  if (upcoming.length === 0) throw refusal("QUEUE_EMPTY");
  const removed = await ctx.music.removeWhere(guildId, (t) => t.requester?.id === memberId);
  const own = memberId === ctx.user.id;
  const member = `<@${memberId}>`;
  if (removed.length === 0) {
    await ctx.reply(own ? ctx.t("removeuser.noneOwn") : ctx.t("removeuser.noneOther", { member }));
    return;
  }
  const count = removed.length;
  await ctx.reply(own ? ctx.t("removeuser.doneOwn", { count }) : ctx.t("removeuser.doneOther", { count, member }));
}
