import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { QueueSnapshot } from "../music/types.ts";
import { componentId } from "./component-id.ts";
import { formatDuration, trackLength, trackTitle } from "./format.ts";
import type { ChannelMessage } from "./message.ts";
import { nowPlayingEmbed, playerButtons } from "./player-view.ts";

/** Upcoming tracks shown under the player in a request channel. */
export const QUEUE_PREVIEW_SIZE = 10;

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

function idleButtons(): Row[] {
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
      components: [disabled("pause", "Pause"), disabled("skip", "Skip"), disabled("stop", "Stop")],
    },
  ];
}

/**
 * The persistent player message of a request channel: what plays (with the usual player buttons) and the next
 * tracks, or how to start when nothing plays. The same buttons as the now-playing message, so the same commands and
 * permission checks run.
 */
export function requestPlayerMessage(snap: QueueSnapshot | null, prefix: string): ChannelMessage {
  const how = `Type a song name or a link in this channel to play it. Commands work here too (\`${prefix}skip\`).`;
  if (!snap?.current) {
    return {
      content: "",
      embeds: [{ title: "Encore player", description: `Nothing is playing.\n${how}` }],
      components: idleButtons(),
    };
  }
  const playing = nowPlayingEmbed(snap, { progress: false });
  const next = snap.upcoming.slice(0, QUEUE_PREVIEW_SIZE);
  const more = snap.upcoming.length - next.length;
  const total = snap.upcoming.reduce((sum, t) => sum + (t.isStream ? 0 : t.durationMs), 0);
  const lines = next.map((t, i) => `${i + 1}. ${trackTitle(t)} (${trackLength(t)})`);
  if (more > 0) lines.push(`…and ${more} more`);
  const queue: APIEmbed = {
    title: "Up next",
    description: lines.length > 0 ? lines.join("\n") : "The queue is empty.",
    footer: {
      text: `${snap.upcoming.length} ${snap.upcoming.length === 1 ? "track" : "tracks"} queued (${formatDuration(total)}) · type a song name or link to add it`,
    },
  };
  return { content: "", embeds: [playing, queue], components: playerButtons(snap) };
}
