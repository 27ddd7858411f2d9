import { REFUSALS } from "../../i18n/refusals.ts";
import { say } from "../../i18n/translate.ts";
import { PAGE_SIZE, queueEmbed, queuePageButtons } from "../../render/queue-view.ts";
import type { QUEUE_OPTIONS } from "../defs/queue.ts";
import type { ArgsOf, ArgValue, GuildContext, ReplyPayload } from "../types.ts";

/**
 * What a page button carries besides the page: `t`, when the queue was first shown, and `b`, which button it is
 * (first, previous, next, last: ids of one message must differ). Both come from the member's client.
 */
type PageButton = { readonly t?: ArgValue; readonly b?: ArgValue };

/** Page buttons stop working this long after the queue was first shown. */
export const PAGE_BUTTONS_TTL_MS = 5 * 60_000;

/**
 * The queue, a page at a time. Page buttons (first, previous, next, last) run this command again with the page in
 * their custom id and edit the message in place; they carry the time the queue was first shown and expire after
 * {@link PAGE_BUTTONS_TTL_MS}.
 */
export async function run(ctx: GuildContext, args: ArgsOf<typeof QUEUE_OPTIONS> & PageButton): Promise<void> {
  const snap = ctx.music.snapshot(ctx.guildId);
  const fromButton = ctx.source === "button";
  if (!snap || (!snap.current && snap.upcoming.length === 0)) {
    await ctx.reply({ content: say(ctx.t, REFUSALS.QUEUE_EMPTY()), embeds: [], components: [], update: fromButton });
    return;
  }
  const pages = Math.max(1, Math.ceil(snap.upcoming.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, args.page ?? 1));
  const shownAt = fromButton && typeof args.t === "number" ? args.t : ctx.now();
  const expired = fromButton && ctx.now() - shownAt > PAGE_BUTTONS_TTL_MS;
  const reply: ReplyPayload = {
    content: expired ? ctx.t("queue.expired") : "",
    embeds: [queueEmbed(ctx.t, snap, page, pages)],
    components: pages > 1 && !expired ? [queuePageButtons(ctx.t, page, pages, shownAt)] : [],
    update: fromButton,
  };
  await ctx.reply(reply);
}
