import { safe, trackLength, trackTitle } from "../../render/format.ts";
import type { HISTORY_OPTIONS } from "../defs/queue.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

const PAGE_SIZE = 10;

export async function run(ctx: GuildContext, args: ArgsOf<typeof HISTORY_OPTIONS>): Promise<void> {
  const played = ctx.music.history(ctx.guildId);
  if (played.length === 0) {
    await ctx.reply("Nothing has been played here yet.");
    return;
  }
  const pages = Math.ceil(played.length / PAGE_SIZE);
  const page = Math.min(pages, Math.max(1, args.page ?? 1));
  const start = (page - 1) * PAGE_SIZE;
  const lines = played
    .slice(start, start + PAGE_SIZE)
    .map(
      (t, i) =>
        `${start + i + 1}. ${trackTitle(t)} (${trackLength(t)})${t.requester ? ` · ${safe(t.requester.username, 32)}` : ""}`,
    );
  await ctx.reply({
    embeds: [
      {
        title: "Recently played",
        description: lines.join("\n"),
        footer: { text: `Page ${page}/${pages} · last ${played.length} tracks, most recent first` },
      },
    ],
  });
}
