import { formatDuration, safe, trackLength, trackTitle } from "../../discord/format.ts";
import type { Args, CommandContext } from "../types.ts";

export const PAGE_SIZE = 10;

export async function run(ctx: CommandContext, args: Args): Promise<void> {
  const snap = ctx.music.snapshot(ctx.guildId ?? "");
  if (!snap || (!snap.current && snap.upcoming.length === 0)) {
    await ctx.reply("The queue is empty.");
    return;
  }
  const pages = Math.max(1, Math.ceil(snap.upcoming.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number(args.page ?? 1)));
  const start = (page - 1) * PAGE_SIZE;
  const lines = snap.upcoming
    .slice(start, start + PAGE_SIZE)
    .map(
      (t, i) =>
        `${start + i + 1}. ${trackTitle(t)} (${trackLength(t)})${t.requester ? ` · ${safe(t.requester.username, 32)}` : ""}`,
    );
  const total = snap.upcoming.reduce((sum, t) => sum + (t.isStream ? 0 : t.durationMs), 0);
  const now = snap.current ? `Now: ${trackTitle(snap.current)} (${trackLength(snap.current)})` : "Now: nothing";
  await ctx.reply({
    embeds: [
      {
        title: "Queue",
        description: [now, "", ...(lines.length ? lines : ["Nothing queued after this."])].join("\n"),
        footer: {
          text: `Page ${page}/${pages} · ${snap.upcoming.length} tracks · ${formatDuration(total)} · loop ${snap.loop}`,
        },
      },
    ],
  });
}
