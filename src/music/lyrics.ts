import type { Player } from "lavalink-client";
import { refusal } from "../i18n/refusals.ts";
import { userError } from "../i18n/translate.ts";
import { NodeRequestError } from "./node-patch.ts";
import { toTrackView } from "./track-view.ts";
import type { LyricsView } from "./types.ts";

type Plugins = readonly { name: string }[] | undefined;

const names = (plugins: Plugins) => new Set((plugins ?? []).map((p) => String(p?.name ?? "").toLowerCase()));

/**
 * LavaLyrics serves lyrics when a provider plugin is next to it: LavaSrc's lyrics sources, or java-timed-lyrics
 * (its own plugin, or its LavaLyrics flavour `java-lavalyrics`).
 */
export function nodeHasLavaLyrics(plugins: Plugins): boolean {
  const has = names(plugins);
  return (
    has.has("lavalyrics-plugin") &&
    (has.has("lavasrc-plugin") || has.has("java-lyrics-plugin") || has.has("java-lavalyrics"))
  );
}

/** DuncteBot's java-timed-lyrics plugin, with its own `GET /v4/sessions/{id}/players/{guild}/lyrics`. */
export const nodeHasJavaLyrics = (plugins: Plugins): boolean => names(plugins).has("java-lyrics-plugin");

/** Whether the node has any lyrics source Encore can use. */
export const nodeHasLyrics = (plugins: Plugins): boolean => nodeHasLavaLyrics(plugins) || nodeHasJavaLyrics(plugins);

interface FoundLyrics {
  readonly text: string;
  readonly provider: string;
}

const joinLines = (lines: unknown): string =>
  (Array.isArray(lines) ? lines : [])
    .map((l) => (typeof l?.line === "string" ? l.line : ""))
    .join("\n")
    .trim();

/** LavaLyrics' answer for the current track (through lavalink-client), or null when it found none. */
async function fromLavaLyrics(player: Player): Promise<FoundLyrics | null> {
  const found = await player.getCurrentLyrics(false);
  const text = found?.text?.trim() || joinLines(found?.lines);
  return found && text ? { text, provider: found.provider || found.sourceName || "LavaLyrics" } : null;
}

/** java-timed-lyrics' answer (`{type, text | lines[{line, range}], source}`); a 4xx means none (not a node fault). */
async function fromJavaLyrics(player: Player): Promise<FoundLyrics | null> {
  const node = player.node;
  const { response } = await node.rawRequest(`/sessions/${node.sessionId}/players/${player.guildId}/lyrics`);
  if (response.status >= 500) {
    throw new NodeRequestError(response.status, `node ${node.id} answered ${response.status} to lyrics`);
  }
  if (response.status !== 200) return null;
  const body = (await response.json()) as { text?: unknown; lines?: unknown; source?: unknown };
  const text = (typeof body.text === "string" ? body.text.trim() : "") || joinLines(body.lines);
  if (!text) return null;
  return { text, provider: typeof body.source === "string" && body.source ? body.source : "java-lyrics" };
}

/** Lyrics of the player's current track: LavaLyrics first, then java-timed-lyrics, as the node offers them. */
export async function currentLyrics(
  player: Player,
  guard: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<LyricsView> {
  const current = player.queue.current;
  if (!current) throw refusal("NO_PLAYER");
  const plugins = player.node.info?.plugins;
  if (!nodeHasLyrics(plugins)) throw userError("NO_LYRICS_SOURCE", "music.noLyricsSource");
  let found: FoundLyrics | null = null;
  if (nodeHasLavaLyrics(plugins)) found = await guard(() => fromLavaLyrics(player));
  if (!found && nodeHasJavaLyrics(plugins)) found = await guard(() => fromJavaLyrics(player));
  if (!found) throw userError("NO_LYRICS", "music.noLyrics");
  return { track: toTrackView(current), text: found.text, provider: found.provider };
}
