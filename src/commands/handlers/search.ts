import { UserError } from "../../core/errors.ts";
import { searchMenu } from "../../render/search-menu.ts";
import { describePlay, fallbackNote, playTarget, sourceName } from "../replies.ts";
import type { Args, CommandContext } from "../types.ts";

const RESULTS = 10;

/** `search <query>` offers a menu; picking from it comes back here as a select interaction with the menu id. */
export async function run(ctx: CommandContext, args: Args): Promise<void> {
  if (ctx.source === "select") return pick(ctx, args);
  const offer = await ctx.music.offerChoices(
    String(args.query ?? ""),
    ctx.user,
    ctx.settings().defaultSource ?? undefined,
    RESULTS,
  );
  const note = fallbackNote(offer);
  await ctx.reply({
    content: [`Pick what to queue (results from ${sourceName(offer.source)}):`, ...(note ? [note] : [])].join("\n"),
    components: [searchMenu(offer.id, offer.tracks)],
  });
}

async function pick(ctx: CommandContext, args: Args): Promise<void> {
  const indexes = String(args.values ?? "")
    .split("\n")
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 0 && n < RESULTS);
  if (typeof args.pick !== "string" || indexes.length === 0) {
    throw new UserError("BAD_ARGUMENT", "Pick at least one of the results.");
  }
  const result = await ctx.music.playChoices(playTarget(ctx), args.pick, indexes);
  await ctx.reply({ content: describePlay(result), components: [], update: true });
}
