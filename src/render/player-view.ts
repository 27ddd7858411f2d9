import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import { REFUSALS } from "../i18n/refusals.ts";
import { say, type Translate } from "../i18n/translate.ts";
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

/** A loop mode's name ("off", "track", "queue") in the listener's language. */
export const loopName = (t: Translate, mode: QueueSnapshot["loop"]): string => t(`loop.${mode}`);

/** The player's buttons; each runs the command of the same name through the usual pipeline. */
export function playerButtons(t: Translate, snap: QueueSnapshot): Row[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        snap.paused ? button("resume", t("button.resume"), ButtonStyle.Success) : button("pause", t("button.pause")),
        button("previous", t("button.previous")),
        button("skip", t("button.skip"), ButtonStyle.Primary),
        button("stop", t("button.stop"), ButtonStyle.Danger),
      ],
    },
    {
      type: ComponentType.ActionRow,
      components: [
        button("loop", t("button.loop", { mode: loopName(t, snap.loop) })),
        button("shuffle", t("button.shuffle")),
      ],
    },
  ];
}

/** The now-playing embed: track, requester, volume, loop, filters, autoplay; with a progress bar when asked. */
export function nowPlayingEmbed(t: Translate, snap: QueueSnapshot, opts: { progress: boolean }): APIEmbed {
  const track = snap.current;
  if (!track) return { title: t("player.title"), description: say(t, REFUSALS.NO_PLAYER()) };
  const lines = [`${trackTitle(t, track)} (${trackLength(t, track)})`];
  if (opts.progress) lines.push(progressLine(t, track, snap.positionMs));
  const requester = track.requester ? safe(track.requester.username, 32) : t("track.unknownRequester");
  lines.push(
    t("player.requestedBy", { requester, volume: snap.volume }) +
      (snap.paused ? t("player.paused") : "") +
      t("player.loop", { mode: loopName(t, snap.loop) }) +
      (snap.autoplay ? t("player.autoplayOn") : ""),
  );
  if (snap.filters.length > 0) {
    lines.push(t("player.filters", { filters: snap.filters.map((f) => safe(f, 40)).join(", ") }));
  }
  return {
    title: t("player.title"),
    description: lines.join("\n"),
    ...(snap.engine
      ? { footer: { text: t(snap.engine === "embedded" ? "player.engineEmbedded" : "player.engineLavalink") } }
      : {}),
    ...(track.uri?.startsWith("https://") ? { url: track.uri } : {}),
    ...(track.artworkUrl?.startsWith("https://") ? { thumbnail: { url: track.artworkUrl } } : {}),
  };
}
