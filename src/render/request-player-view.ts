import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { Translate } from "../i18n/translate.ts";
import type { QueueSnapshot } from "../music/types.ts";
import { componentId } from "./component-id.ts";
import { formatDuration, trackLength, trackTitle } from "./format.ts";
import type { ChannelMessage } from "./message.ts";
import { nowPlayingEmbed, playerButtons } from "./player-view.ts";

/** Upcoming tracks shown under the player in a request channel. */
export const QUEUE_PREVIEW_SIZE = 10;

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

function idleButtons(t: Translate): Row[] {
  const disabled = (command: string, label: string) => ({
    type: ComponentType.Button as const,
    custom_id: componentId(command),
    label,
    style: ButtonStyle.Secondary as const,
    disabled: true,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        disabled("pause", t("button.pause")),
        disabled("skip", t("button.skip")),
        disabled("stop", t("button.stop")),
      ],
    },
  ];
}

/**
 * The persistent player message of a request channel: what plays (with the usual player buttons) and the next
 * tracks, or how to start when nothing plays. The same buttons as the now-playing message, so the same commands and
 * permission checks run.
 */
export function requestPlayerMessage(t: Translate, snap: QueueSnapshot | null, prefix: string): ChannelMessage {
  const how = t("request.how", { example: `${prefix}skip` });
  if (!snap?.current) {
    return {
      content: "",
      embeds: [{ title: t("request.title"), description: `${t("request.nothing")}\n${how}` }],
      components: idleButtons(t),
    };
  }
  const playing = nowPlayingEmbed(t, snap, { progress: false });
  const next = snap.upcoming.slice(0, QUEUE_PREVIEW_SIZE);
  const more = snap.upcoming.length - next.length;
  const total = snap.upcoming.reduce((sum, t) => sum + (t.isStream ? 0 : t.durationMs), 0);
  const lines = next.map((track, i) => `${i + 1}. ${trackTitle(t, track)} (${trackLength(t, track)})`);
  if (more > 0) lines.push(t("request.more", { count: more }));
  const queue: APIEmbed = {
    title: t("request.upNext"),
    description: lines.length > 0 ? lines.join("\n") : t("request.empty"),
    footer: { text: t("request.footer", { count: snap.upcoming.length, length: formatDuration(total) }) },
  };
  return { content: "", embeds: [playing, queue], components: playerButtons(t, snap) };
}
