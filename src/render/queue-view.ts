import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { Translate } from "../i18n/translate.ts";
import type { QueueSnapshot } from "../music/types.ts";
import { componentId } from "./component-id.ts";
import { safe, totalLength, trackLength, trackTitle } from "./format.ts";
import { loopName } from "./player-view.ts";

/** Upcoming tracks per page of the queue view. */
export const PAGE_SIZE = 10;

/** One page of the queue: what plays now, then the upcoming tracks of that page, with totals in the footer. */
export function queueEmbed(t: Translate, snap: QueueSnapshot, page: number, pages: number): APIEmbed {
  const start = (page - 1) * PAGE_SIZE;
  const lines = snap.upcoming
    .slice(start, start + PAGE_SIZE)
    .map(
      (track, i) =>
        `${start + i + 1}. ${trackTitle(t, track)} (${trackLength(t, track)})${track.requester ? ` · ${safe(track.requester.username, 32)}` : ""}`,
    );
  const now = snap.current
    ? t("queue.now", { track: `${trackTitle(t, snap.current)} (${trackLength(t, snap.current)})` })
    : t("queue.nowNothing");
  const footer = t("queue.footer", {
    page,
    pages,
    count: snap.upcoming.length,
    length: totalLength(t, snap.upcoming),
    loop: loopName(t, snap.loop),
  });
  return {
    title: t("queue.title"),
    description: [now, "", ...(lines.length ? lines : [t("queue.nothingAfter")])].join("\n"),
    footer: { text: footer + (snap.autoplay ? t("player.autoplayOn") : "") },
  };
}

/** First / previous / next / last buttons; each runs the queue command again with its page and `shownAt`. */
export function queuePageButtons(
  t: Translate,
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
      button("first", t("button.first"), 1, page === 1),
      button("prev", t("button.prevPage"), Math.max(1, page - 1), page === 1),
      button("next", t("button.nextPage"), Math.min(pages, page + 1), page === pages),
      button("last", t("button.last"), pages, page === pages),
    ],
  };
}
