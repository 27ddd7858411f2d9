import type { LoopMode } from "../../music/types.ts";
import type { LOOP_OPTIONS } from "../defs/queue.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

const CYCLE: Record<LoopMode, LoopMode> = { off: "track", track: "queue", queue: "off" };
const SAID = { off: "loop.saidOff", track: "loop.saidTrack", queue: "loop.saidQueue" } as const;

/** `loop <mode>` sets a mode; `loop` alone (and the player's loop button) cycles off → track → queue → off. */
export async function run(ctx: GuildContext, args: ArgsOf<typeof LOOP_OPTIONS>): Promise<void> {
  const guildId = ctx.guildId;
  const current = ctx.music.snapshot(guildId)?.loop ?? "off";
  const mode = args.mode ?? CYCLE[current];
  await ctx.music.setLoop(guildId, mode);
  await ctx.reply(ctx.t(SAID[mode]));
}
