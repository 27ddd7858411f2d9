import { userError } from "../../i18n/translate.ts";
import { buildQueueFile } from "../../music/queue-file.ts";
import { formatDuration } from "../../render/format.ts";
import type { GuildContext } from "../types.ts";

export async function run(ctx: GuildContext): Promise<void> {
  const snap = ctx.music.snapshot(ctx.guildId);
  const tracks = snap ? [...(snap.current ? [snap.current] : []), ...snap.upcoming] : [];
  if (tracks.length === 0) throw userError("QUEUE_EMPTY", "export.empty");
  const { file, skipped } = buildQueueFile(tracks, ctx.now());
  if (file.tracks.length === 0) throw userError("QUEUE_EMPTY", "export.noLinks");
  const total = file.tracks.reduce((sum, t) => sum + t.durationMs, 0);
  const date = file.exportedAt.slice(0, 10);
  const lines = [
    ctx.t("export.done", { count: file.tracks.length, length: formatDuration(total), command: `${ctx.prefix}import` }),
  ];
  if (skipped > 0) lines.push(ctx.t("export.skipped", { count: skipped }));
  await ctx.reply({
    content: lines.join("\n"),
    files: [{ name: `encore-queue-${date}.json`, data: Buffer.from(`${JSON.stringify(file, null, 2)}\n`) }],
  });
}
