import { type APIButtonComponent, ButtonStyle, ComponentType } from "discord.js";
import { componentId } from "../../discord/component-id.ts";
import { safe, totalLength, trackLength, trackTitle } from "../../discord/format.ts";
import type { QueueSnapshot } from "../../music/types.ts";
import type { Args, CommandContext, ReplyPayload } from "../types.ts";

export const PAGE_SIZE = 10;
/** Page buttons stop working this long after the queue was first shown. */
export const PAGE_BUTTONS_TTL_MS = 5 * 60_000;

/**
 * The queue, a page at a time. Page buttons (first, previous, next, last) run this command again with the page in
 * their custom id and edit the message in place; they carry the time the queue was first shown and expire after
 * {@link PAGE_BUTTONS_TTL_MS}.
 */
export async function run(ctx: CommandContext, args: Args): Promise<void> {
  const snap = ctx.music.snapshot(ctx.guildId ?? "");
  const fromButton = ctx.source === "button";
  if (!snap || (!snap.current && snap.upcoming.length === 0)) {
    await ctx.reply({ content: "The queue is empty.", embeds: [], components: [], update: fromButton });
    return;
  }
  const pages = Math.max(1, Math.ceil(snap.upcoming.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number(args.page ?? 1)));
  const shownAt = fromButton && typeof args.t === "number" ? args.t : ctx.now();
  const expired = fromButton && ctx.now() - shownAt > PAGE_BUTTONS_TTL_MS;
  const reply: ReplyPayload = {
    content: expired ? "These page buttons have expired: run the queue command again." : "",
    embeds: [queueEmbed(snap, page, pages)],
    components: pages > 1 && !expired ? [pageButtons(page, pages, shownAt)] : [],
    update: fromButton,
  };
  await ctx.reply(reply);
}

function queueEmbed(snap: QueueSnapshot, page: number, pages: number) {
  const start = (page - 1) * PAGE_SIZE;
  const lines = snap.upcoming
    .slice(start, start + PAGE_SIZE)
    .map(
      (t, i) =>
        `${start + i + 1}. ${trackTitle(t)} (${trackLength(t)})${t.requester ? ` · ${safe(t.requester.username, 32)}` : ""}`,
    );
  const now = snap.current ? `Now: ${trackTitle(snap.current)} (${trackLength(snap.current)})` : "Now: nothing";
  return {
    title: "Queue",
    description: [now, "", ...(lines.length ? lines : ["Nothing queued after this."])].join("\n"),
    footer: {
      text: `Page ${page}/${pages} · ${snap.upcoming.length} tracks · ${totalLength(snap.upcoming)} · loop ${snap.loop}${snap.autoplay ? " · autoplay on" : ""}`,
    },
  };
}

function pageButtons(page: number, pages: number, shownAt: number) {
  const button = (key: string, label: string, target: number, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: componentId("queue", { page: target, b: key, t: shownAt }),
    disabled,
  });
  return {
    type: ComponentType.ActionRow as const,
    components: [
      button("first", "« First", 1, page === 1),
      button("prev", "‹ Previous", Math.max(1, page - 1), page === 1),
      button("next", "Next ›", Math.min(pages, page + 1), page === pages),
      button("last", "Last »", pages, page === pages),
    ],
  };
}
