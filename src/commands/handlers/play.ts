import { trackLength } from "../../render/format.ts";
import { describePlay, playTarget } from "../replies.ts";
import type { Args, Choice, CommandContext } from "../types.ts";

export async function run(ctx: CommandContext, args: Args): Promise<void> {
  const result = await ctx.music.play({
    ...playTarget(ctx),
    query: String(args.query ?? ""),
    shuffle: args.shuffle === true,
  });
  await ctx.reply(describePlay(result));
}

export async function autocomplete(ctx: CommandContext, focused: { name: string; value: string }): Promise<Choice[]> {
  const text = focused.value.trim();
  if (text.length < 2 || /^https?:\/\//i.test(text) || !ctx.music.available()) return [];
  const found = await ctx.music.search(text, ctx.user, ctx.settings().defaultSource ?? undefined);
  return found.tracks.slice(0, 10).map((t) => {
    const label = `${t.title} — ${t.author} (${trackLength(t)})`;
    const value = t.uri && t.uri.length <= 100 ? t.uri : t.title.slice(0, 100);
    return { name: label.length > 100 ? `${label.slice(0, 99)}…` : label, value };
  });
}
