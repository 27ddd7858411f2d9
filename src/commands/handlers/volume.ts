import type { Args, CommandContext } from "../types.ts";

export async function run(ctx: CommandContext, args: Args): Promise<void> {
  const guildId = ctx.guildId ?? "";
  if (typeof args.level !== "number") {
    await ctx.reply(`Volume is ${ctx.music.snapshot(guildId)?.volume ?? 100}%.`);
    return;
  }
  await ctx.music.setVolume(guildId, args.level);
  await ctx.reply(`Volume set to ${args.level}%.`);
}
