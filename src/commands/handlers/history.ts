import { safe, trackLength, trackTitle } from "../../render/format.ts";
import type { HISTORY_OPTIONS } from "../defs/queue.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

const PAGE_SIZE = 10;

export async function run(ctx: GuildContext, args: ArgsOf<typeof HISTORY_OPTIONS>): Promise<void> {
  const played = ctx.music.history(ctx.guildId);
  if (played.length === 0) {
    await ctx.reply(ctx.t("history.none"));
    return;
  }
  const pages = Math.ceil(played.length / PAGE_SIZE);
  const page = Math.min(pages, Math.max(1, args.page ?? 1));
  const start = (page - 1) * PAGE_SIZE;
  const lines = played
    .slice(start, start + PAGE_SIZE)
    .map(
      (track, i) =>
        `${start + i + 1}. ${trackTitle(ctx.t, track)} (${trackLength(ctx.t, track)})${track.requester ? ` · ${safe(track.requester.username, 32)}` : ""}`,
    );
  await ctx.reply({
    embeds: [
      {
        title: ctx.t("history.title"),
        description: lines.join("\n"),
        footer: { text: ctx.t("history.footer", { page, pages, count: played.length }) },
      },
    ],
  });
}
