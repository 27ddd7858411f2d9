import { safe } from "../../render/format.ts";
import type { LYRICS_OPTIONS } from "../defs/info.ts";
import { pageText } from "../replies.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

/** Characters of lyrics per page (an embed description holds 4096; escaping adds some). */
const PAGE_CHARS = 1800;

export async function run(ctx: GuildContext, args: ArgsOf<typeof LYRICS_OPTIONS>): Promise<void> {
  const lyrics = await ctx.music.lyrics(ctx.guildId);
  const pages = pageText(lyrics.text, PAGE_CHARS);
  const page = Math.min(pages.length, Math.max(1, args.page ?? 1));
  await ctx.reply({
    embeds: [
      {
        title: ctx.t("lyrics.title", { title: safe(lyrics.track.title, 200) }),
        description: safe(pages[page - 1] ?? "", 4000),
        footer: {
          text:
            ctx.t("lyrics.footer", { page, pages: pages.length, provider: lyrics.provider }) +
            (pages.length > 1 ? ctx.t("lyrics.more") : ""),
        },
      },
    ],
  });
}
