import type { SETUP_OPTIONS } from "../defs/state.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export async function run(ctx: GuildContext, args: ArgsOf<typeof SETUP_OPTIONS>): Promise<void> {
  const guildId = ctx.guildId;
  if (args.state === false) {
    const had = await ctx.requestChannel.tearDown(guildId);
    await ctx.reply(
      had ? "The request channel is off: messages there are no longer requests." : "There is no request channel.",
    );
    return;
  }
  const { canCleanUp } = await ctx.requestChannel.setUp(guildId, ctx.channelId);
  const lines = [
    `<#${ctx.channelId}> is now the request channel: any message here is a play request, and the player above shows what plays next.`,
  ];
  if (!canCleanUp) {
    lines.push("I can't remove members' messages here: give me Manage Messages in this channel to keep it tidy.");
  }
  await ctx.reply(lines.join("\n"));
}
