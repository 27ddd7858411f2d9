import { UserError } from "../../core/errors.ts";
import { formatDuration, safe, trackLength, trackTitle } from "../../discord/format.ts";
import type { Args, Choice, CommandContext } from "../types.ts";

export async function run(ctx: CommandContext, args: Args): Promise<void> {
  const guildId = ctx.guildId;
  const voiceChannelId = ctx.voice.userChannelId();
  if (!guildId || !voiceChannelId) throw new UserError("NOT_IN_VOICE", "Join a voice channel first.");
  const result = await ctx.music.play({
    guildId,
    voiceChannelId,
    textChannelId: ctx.channelId,
    query: String(args.query ?? ""),
    requester: ctx.user,
    next: args.next === true,
  });
  const first = result.added[0];
  if (!first) throw new UserError("NO_RESULTS", "I couldn't find anything for that.");
  const lines: string[] = [];
  if (result.playlistName !== null) {
    const total = result.added.reduce((sum, t) => sum + t.durationMs, 0);
    lines.push(
      `Queued **${result.added.length}** tracks from ${safe(result.playlistName)} (${formatDuration(total)}).`,
    );
  } else if (result.startedPlaying) {
    lines.push(`Now playing ${trackTitle(first)} (${trackLength(first)}).`);
  } else {
    lines.push(`Queued ${trackTitle(first)} (${trackLength(first)}) at position ${result.position}.`);
  }
  if (result.truncated > 0)
    lines.push(`${result.truncated} tracks were left out: the queue or playlist limit was reached.`);
  await ctx.reply(lines.join("\n"));
}

export async function autocomplete(ctx: CommandContext, focused: { name: string; value: string }): Promise<Choice[]> {
  const text = focused.value.trim();
  if (text.length < 2 || /^https?:\/\//i.test(text) || !ctx.music.available()) return [];
  const found = await ctx.music.search(text, ctx.user);
  return found.tracks.slice(0, 10).map((t) => {
    const label = `${t.title} — ${t.author} (${trackLength(t)})`;
    const value = t.uri && t.uri.length <= 100 ? t.uri : t.title.slice(0, 100);
    return { name: label.length > 100 ? `${label.slice(0, 99)}…` : label, value };
  });
}
