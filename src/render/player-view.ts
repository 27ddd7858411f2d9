import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import { REFUSALS } from "../core/refusals.ts";
import type { QueueSnapshot } from "../music/types.ts";
import { componentId } from "./component-id.ts";
import { progressLine, safe, trackLength, trackTitle } from "./format.ts";

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
type Style = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

const button = (command: string, label: string, style: Style = ButtonStyle.Secondary): APIButtonComponent => ({
  type: ComponentType.Button,
  custom_id: componentId(command),
  label,
  style,
});

const LOOP_LABEL = { off: "Loop: off", track: "Loop: track", queue: "Loop: queue" } as const;

/** The player's buttons; each runs the command of the same name through the usual pipeline. */
export function playerButtons(snap: QueueSnapshot): Row[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        snap.paused ? button("resume", "Resume", ButtonStyle.Success) : button("pause", "Pause"),
        button("previous", "Previous"),
        button("skip", "Skip", ButtonStyle.Primary),
        button("stop", "Stop", ButtonStyle.Danger),
      ],
    },
    {
      type: ComponentType.ActionRow,
      components: [button("loop", LOOP_LABEL[snap.loop]), button("shuffle", "Shuffle")],
    },
  ];
}

/** The now-playing embed: track, requester, volume, loop, filters, autoplay; with a progress bar when asked. */
export function nowPlayingEmbed(snap: QueueSnapshot, opts: { progress: boolean }): APIEmbed {
  const track = snap.current;
  if (!track) return { title: "Now playing", description: REFUSALS.NO_PLAYER() };
  const lines = [`${trackTitle(track)} (${trackLength(track)})`];
  if (opts.progress) lines.push(progressLine(track, snap.positionMs));
  const requester = track.requester ? safe(track.requester.username, 32) : "unknown";
  lines.push(
    `Requested by ${requester} · volume ${snap.volume}%${snap.paused ? " · paused" : ""} · loop ${snap.loop}${snap.autoplay ? " · autoplay on" : ""}`,
  );
  if (snap.filters.length > 0) lines.push(`Filters: ${snap.filters.map((f) => safe(f, 40)).join(", ")}`);
  return {
    title: "Now playing",
    description: lines.join("\n"),
    ...(snap.engine
      ? { footer: { text: snap.engine === "embedded" ? "Playing on Encore's own engine" : "Playing on Lavalink" } }
      : {}),
    ...(track.uri?.startsWith("https://") ? { url: track.uri } : {}),
    ...(track.artworkUrl?.startsWith("https://") ? { thumbnail: { url: track.artworkUrl } } : {}),
  };
}
