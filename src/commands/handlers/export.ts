import { UserError } from "../../core/errors.ts";
import { buildQueueFile } from "../../music/queue-file.ts";
import { formatDuration } from "../../render/format.ts";
import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  const snap = ctx.music.snapshot(ctx.guildId);
  const tracks = snap ? [...(snap.current ? [snap.current] : []), ...snap.upcoming] : [];
  if (tracks.length === 0) throw new UserError("QUEUE_EMPTY", "The queue is empty: there is nothing to export.");
  const { file, skipped } = buildQueueFile(tracks, ctx.now());
  if (file.tracks.length === 0) throw new UserError("QUEUE_EMPTY", "None of the queued tracks has a link to export.");
  const total = file.tracks.reduce((sum, t) => sum + t.durationMs, 0);
  const date = file.exportedAt.slice(0, 10);
  const lines = [
    `The queue: **${file.tracks.length}** ${file.tracks.length === 1 ? "track" : "tracks"} (${formatDuration(total)}). Load it again with \`${ctx.prefix}import\` and this file.`,
  ];
  if (skipped > 0) lines.push(`${skipped} without a link could not be exported.`);
  await ctx.reply({
    content: lines.join("\n"),
    files: [{ name: `encore-queue-${date}.json`, data: Buffer.from(`${JSON.stringify(file, null, 2)}\n`) }],
  });
}
