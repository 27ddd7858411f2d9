import { userError } from "../../i18n/translate.ts";
import { searchMenu } from "../../render/search-menu.ts";
import type { SEARCH_OPTIONS } from "../defs/playback.ts";
import { describePlay, fallbackNote, playTarget, sourceName } from "../replies.ts";
import type { ArgsOf, ArgValue, CommandContext } from "../types.ts";

/**
 * A pick from the menu: the menu's id from its custom id (`pick`), and the chosen values one a line (`values`, which
 * the router sets on every select). Both come from the member's client, so both are checked before use.
 */
type MenuPick = {
  readonly pick?: ArgValue;
  readonly values: string;
};

/** A select interaction carries the menu's state (see the router), slash and prefix the command's options. */
const isMenuPick = (ctx: CommandContext, _args: unknown): _args is MenuPick => ctx.source === "select";

const RESULTS = 10;

/** `search <query>` offers a menu; picking from it comes back here as a select interaction with the menu id. */
export async function run(ctx: CommandContext, args: ArgsOf<typeof SEARCH_OPTIONS> | MenuPick): Promise<void> {
  if (isMenuPick(ctx, args)) return pick(ctx, args);
  const offer = await ctx.music.offerChoices(args.query, ctx.user, ctx.settings().defaultSource ?? undefined, RESULTS);
  const note = fallbackNote(ctx.t, offer);
  await ctx.reply({
    content: [ctx.t("search.pick", { source: sourceName(offer.source) }), ...(note ? [note] : [])].join("\n"),
    components: [searchMenu(ctx.t, offer.id, offer.tracks)],
  });
}

async function pick(ctx: CommandContext, args: MenuPick): Promise<void> {
  const indexes = args.values
    .split("\n")
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 0 && n < RESULTS);
  if (typeof args.pick !== "string" || indexes.length === 0) {
    throw userError("BAD_ARGUMENT", "search.pickOne");
  }
  const result = await ctx.music.playChoices(playTarget(ctx), args.pick, indexes);
  await ctx.reply({ content: describePlay(ctx.t, result), components: [], update: true });
}
