import { type APIActionRowComponent, type APIStringSelectComponent, ComponentType } from "discord.js";
import type { Translate } from "../i18n/translate.ts";
import type { TrackView } from "../music/types.ts";
import { componentId } from "./component-id.ts";
import { trackLength } from "./format.ts";

const clip = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The select menu of a search offer: one option per result; picking runs `search` again with the offer id. */
export function searchMenu(
  t: Translate,
  offerId: string,
  tracks: readonly TrackView[],
): APIActionRowComponent<APIStringSelectComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: componentId("search", { pick: offerId }),
        placeholder: t("search.placeholder"),
        min_values: 1,
        max_values: tracks.length,
        options: tracks.map((track, i) => ({
          label: clip(`${i + 1}. ${track.title}`),
          description: clip(`${track.author} · ${trackLength(t, track)}`),
          value: String(i),
        })),
      },
    ],
  };
}
