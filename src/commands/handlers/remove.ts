import { UserError } from "../../core/errors.ts";
import { refusal } from "../../core/refusals.ts";
import { trackTitle } from "../../render/format.ts";
import type { REMOVE_OPTIONS } from "../defs/queue.ts";
import { parseRange } from "../replies.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export async function run(ctx: GuildContext, args: ArgsOf<typeof REMOVE_OPTIONS>): Promise<void> {
  const guildId = ctx.guildId;
  const range = parseRange(args.positions);
  if (!range) throw new UserError("BAD_ARGUMENT", "Give a position like 3 or a range like 3-7.");
  const upcoming = ctx.music.snapshot(guildId)?.upcoming ?? [];
  if (upcoming.length === 0) throw refusal("QUEUE_EMPTY");
  if (range.to > upcoming.length) {
    throw new UserError("BAD_ARGUMENT", `That position is not in the queue: pick 1 to ${upcoming.length}.`);
  }
  const removed = await ctx.music.removeTracks(guildId, range.from, range.to);
  const [only] = removed;
  await ctx.reply(
    removed.length === 1 && only
      ? `Removed ${trackTitle(only)}.`
      : `Removed ${removed.length} tracks (positions ${range.from}–${range.to}).`,
  );
}
