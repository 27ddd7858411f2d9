import { UserError } from "../../core/errors.ts";
import { refusal } from "../../core/refusals.ts";
import { formatDuration } from "../../render/format.ts";
import type { SEEK_BY_OPTIONS } from "../defs/playback.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export const DEFAULT_SEEK_STEP_MS = 10_000;

/**
 * Relative seek shared by forward and rewind. Positions are taken to whole seconds, as the player shows them;
 * rewinding past the start lands on 0:00, forwarding past the end is refused (skip does that).
 */
export async function seekBy(
  ctx: GuildContext,
  args: ArgsOf<typeof SEEK_BY_OPTIONS>,
  direction: 1 | -1,
): Promise<void> {
  const guildId = ctx.guildId;
  const snap = ctx.music.snapshot(guildId);
  const track = snap?.current;
  if (!snap || !track) throw refusal("NO_PLAYER");
  if (track.isStream || !track.isSeekable) throw new UserError("NOT_SEEKABLE", "This track can't be seeked.");
  const step = args.amount ?? DEFAULT_SEEK_STEP_MS;
  const from = Math.floor(snap.positionMs / 1000) * 1000;
  const target = Math.max(0, from + direction * step);
  if (target >= track.durationMs) {
    throw new UserError(
      "BAD_ARGUMENT",
      `Only ${formatDuration(track.durationMs - from)} of this track is left: use skip to move on.`,
    );
  }
  await ctx.music.seek(guildId, target);
  const verb = direction > 0 ? "Forwarded" : "Rewound";
  await ctx.reply(
    `${verb} ${formatDuration(step)}: now at ${formatDuration(target)} of ${formatDuration(track.durationMs)}.`,
  );
}
