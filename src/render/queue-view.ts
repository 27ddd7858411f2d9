import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { QueueSnapshot } from "../music/types.ts";
import { componentId } from "./component-id.ts";
import { safe, totalLength, trackLength, trackTitle } from "./format.ts";

/** Upcoming tracks per page of the queue view. */
export const PAGE_SIZE = 10;

/** One page of the queue: what plays now, then the upcoming tracks of that page, with totals in the footer. */
export function queueEmbed(snap: QueueSnapshot, page: number, pages: number): APIEmbed {
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

/** First / previous / next / last buttons; each runs the queue command again with its page and `shownAt`. */
export function queuePageButtons(
  page: number,
  pages: number,
  shownAt: number,
): APIActionRowComponent<APIButtonComponent> {
  const button = (key: string, label: string, target: number, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: componentId("queue", { page: target, b: key, t: shownAt }),
    disabled,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button("first", "« First", 1, page === 1),
      button("prev", "‹ Previous", Math.max(1, page - 1), page === 1),
      button("next", "Next ›", Math.min(pages, page + 1), page === pages),
      button("last", "Last »", pages, page === pages),
    ],
  };
}
