import { refusal } from "../../i18n/refusals.ts";
import { userError } from "../../i18n/translate.ts";
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
  if (track.isStream || !track.isSeekable) throw userError("NOT_SEEKABLE", "seek.notSeekable");
  const step = args.amount ?? DEFAULT_SEEK_STEP_MS;
  const from = Math.floor(snap.positionMs / 1000) * 1000;
  const target = Math.max(0, from + direction * step);
  if (target >= track.durationMs) {
    throw userError("BAD_ARGUMENT", "seek.onlyLeft", { left: formatDuration(track.durationMs - from) });
  }
  await ctx.music.seek(guildId, target);
  await ctx.reply(
    ctx.t(direction > 0 ? "seek.forwarded" : "seek.rewound", {
      step: formatDuration(step),
      position: formatDuration(target),
      length: formatDuration(track.durationMs),
    }),
  );
}
