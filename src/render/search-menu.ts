import { type APIActionRowComponent, type APIStringSelectComponent, ComponentType } from "discord.js";
import type { TrackView } from "../music/types.ts";
import { componentId } from "./component-id.ts";
import { trackLength } from "./format.ts";

const clip = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The select menu of a search offer: one option per result; picking runs `search` again with the offer id. */
export function searchMenu(
  offerId: string,
  tracks: readonly TrackView[],
): APIActionRowComponent<APIStringSelectComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: componentId("search", { pick: offerId }),
        placeholder: "Choose one or more tracks",
        min_values: 1,
        max_values: tracks.length,
        options: tracks.map((t, i) => ({
          label: clip(`${i + 1}. ${t.title}`),
          description: clip(`${t.author} · ${trackLength(t)}`),
          value: String(i),
        })),
      },
    ],
  };
}
