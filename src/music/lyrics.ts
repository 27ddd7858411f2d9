import type { Player } from "lavalink-client";
import { UserError } from "../core/errors.ts";
import { refusal } from "../core/refusals.ts";
import { toTrackView } from "./track-view.ts";
import type { LyricsView } from "./types.ts";

/** LavaLyrics serves lyrics; it needs a provider plugin next to it (LavaSrc or java-lyrics). */
export function nodeHasLyrics(plugins: readonly { name: string }[] | undefined): boolean {
  const names = new Set((plugins ?? []).map((p) => p.name));
  return names.has("lavalyrics-plugin") && (names.has("lavasrc-plugin") || names.has("java-lyrics-plugin"));
}

export const NO_LYRICS_SOURCE_MESSAGE =
  "The music node has no lyrics source: it needs the LavaLyrics plugin (with LavaSrc or java-lyrics).";

/** Lyrics of the player's current track, through the node's LavaLyrics plugin. */
export async function currentLyrics(
  player: Player,
  guard: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<LyricsView> {
  const current = player.queue.current;
  if (!current) throw refusal("NO_PLAYER");
  if (!nodeHasLyrics(player.node.info?.plugins)) throw new UserError("NO_LYRICS_SOURCE", NO_LYRICS_SOURCE_MESSAGE);
  const found = await guard(() => player.getCurrentLyrics(false));
  const text =
    found?.text?.trim() ||
    (found?.lines ?? [])
      .map((l) => l.line)
      .join("\n")
      .trim();
  if (!found || !text) throw new UserError("NO_LYRICS", "I couldn't find lyrics for this track.");
  return { track: toTrackView(current), text, provider: found.provider || found.sourceName || "unknown" };
}
