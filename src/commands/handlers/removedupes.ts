import { duplicateIndexes } from "../../music/track-identity.ts";
import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  const guildId = ctx.guildId;
  const snap = ctx.music.snapshot(guildId);
  const dupes = duplicateIndexes(snap?.current ?? null, snap?.upcoming ?? []);
  if (dupes.size === 0) {
    await ctx.reply(ctx.t("removedupes.none"));
    return;
  }
  // Decided on the queue as it is when the removal runs (it may have changed since the snapshot).
  let live: Set<number> | null = null;
  const removed = await ctx.music.removeWhere(guildId, (_t, i, all) => {
    live ??= duplicateIndexes(snap?.current ?? null, all);
    return live.has(i);
  });
  await ctx.reply(ctx.t("removedupes.done", { count: removed.length }));
}
