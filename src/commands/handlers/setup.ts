import type { SETUP_OPTIONS } from "../defs/state.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

export async function run(ctx: GuildContext, args: ArgsOf<typeof SETUP_OPTIONS>): Promise<void> {
  const guildId = ctx.guildId;
  if (args.state === false) {
    const had = await ctx.requestChannel.tearDown(guildId);
    await ctx.reply(ctx.t(had ? "setup.off" : "setup.none"));
    return;
  }
  const { canCleanUp } = await ctx.requestChannel.setUp(guildId, ctx.channelId);
  const lines = [ctx.t("setup.done", { channel: `<#${ctx.channelId}>` })];
  if (!canCleanUp) lines.push(ctx.t("setup.cannotCleanUp"));
  await ctx.reply(lines.join("\n"));
}
