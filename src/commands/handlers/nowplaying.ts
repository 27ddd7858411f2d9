import { formatDuration, progressBar, safe, trackLength, trackTitle } from "../../discord/format.ts";
import type { CommandContext } from "../types.ts";

export async function run(ctx: CommandContext): Promise<void> {
  const snap = ctx.music.snapshot(ctx.guildId ?? "");
  const track = snap?.current;
  if (!snap || !track) {
    await ctx.reply("Nothing is playing right now.");
    return;
  }
  const position = track.isStream ? "live" : `${formatDuration(snap.positionMs)} / ${trackLength(track)}`;
  const lines = [
    trackTitle(track),
    `${progressBar(snap.positionMs, track.isStream ? 0 : track.durationMs)} ${position}`,
    `Requested by ${track.requester ? safe(track.requester.username, 32) : "unknown"} · volume ${snap.volume}%${snap.paused ? " · paused" : ""} · loop ${snap.loop}`,
  ];
  await ctx.reply({
    embeds: [
      {
        title: "Now playing",
        description: lines.join("\n"),
        ...(track.uri?.startsWith("https://") ? { url: track.uri } : {}),
      },
    ],
  });
}
