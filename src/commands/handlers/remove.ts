import { refusal } from "../../i18n/refusals.ts";
import { userError } from "../../i18n/translate.ts";
import { trackTitle } from "../../render/format.ts";
import type { REMOVE_OPTIONS } from "../defs/queue.ts";
import { parseRange } from "../replies.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export async function run(ctx: GuildContext, args: ArgsOf<typeof REMOVE_OPTIONS>): Promise<void> {
  const guildId = ctx.guildId;
  const range = parseRange(args.positions);
  if (!range) throw userError("BAD_ARGUMENT", "remove.badRange");
  const upcoming = ctx.music.snapshot(guildId)?.upcoming ?? [];
  if (upcoming.length === 0) throw refusal("QUEUE_EMPTY");
  if (range.to > upcoming.length) {
    throw userError("BAD_ARGUMENT", "remove.notInQueue", { size: upcoming.length });
  }
  const removed = await ctx.music.removeTracks(guildId, range.from, range.to);
  const [only] = removed;
  await ctx.reply(
    removed.length === 1 && only
      ? ctx.t("remove.one", { track: trackTitle(ctx.t, only) })
      : ctx.t("remove.many", { count: removed.length, ...range }),
  );
}
