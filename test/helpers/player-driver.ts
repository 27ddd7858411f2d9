import type { InteractionResponseView, StoredMessage } from "../fakes/discord/index.ts";
import type { LavalinkRequest, WireJson } from "../fakes/lavalink/index.ts";
import { ids } from "./fixtures.ts";
import type { Harness } from "./harness.ts";

/** Drives Encore the way members do (slash, prefix, buttons, menus) and reads what came back. */

export type OptionValues = Record<string, string | number | boolean>;

const optionType = (v: string | number | boolean) => (typeof v === "boolean" ? 5 : typeof v === "number" ? 4 : 3);

/** Sends a slash command; `"playlist add"` names a subcommand, which Discord sends with its options nested. */
export function slash(h: Harness, command: string, userId: string = ids.alice, values: OptionValues = {}) {
  const [name = "", subcommand] = command.split(" ");
  const options = Object.entries(values).map(([n, value]) => ({ name: n, type: optionType(value), value }));
  return h.discord.sendSlash({
    guildId: ids.guild,
    channelId: ids.text,
    userId,
    name,
    ...(subcommand !== undefined ? { subcommand } : {}),
    ...(options.length ? { options } : {}),
  });
}

/** Runs a slash command and resolves with the response the member finally sees. */
export function slashReply(
  h: Harness,
  name: string,
  userId: string = ids.alice,
  values: OptionValues = {},
): Promise<InteractionResponseView> {
  return slash(h, name, userId, values).waitForResponse(5000);
}

/** Sends `!<text>` as `userId` and resolves with Encore's reply to that message. */
export async function prefixReply(h: Harness, text: string, userId: string = ids.alice): Promise<StoredMessage> {
  const sent = h.discord.sendMessage({ guildId: ids.guild, channelId: ids.text, userId, content: `!${text}` });
  return h.discord.waitForMessage(ids.text, (m) => m.message_reference?.message_id === sent.id);
}

/** Plays a query as `userId` and waits until the node plays or has queued it. */
export async function play(h: Harness, query: string, userId: string = ids.alice): Promise<InteractionResponseView> {
  const reply = await slashReply(h, "play", userId, { query });
  if (!/Now playing|Queued/.test(reply.content)) throw new Error(`play "${query}" failed: ${reply.content}`);
  return reply;
}

/** Waits until the node's player plays a track whose title contains `title`. */
export async function waitPlaying(h: Harness, title: string): Promise<void> {
  const playing = () => Boolean(h.node.player(ids.guild)?.track?.info.title.includes(title));
  if (playing()) return;
  await h.node.waitForEvent(() => playing(), 5000);
}

export const playerPatches = (h: Harness, since = 0): LavalinkRequest[] =>
  h.node.requests.slice(since).filter((r) => r.method === "PATCH" && r.path.endsWith(`/players/${ids.guild}`));

/** Waits for a PATCH of the guild's player after request index `since` that matches `pred`. */
export function waitPatch(h: Harness, since: number, pred: (body: WireJson) => boolean): Promise<LavalinkRequest> {
  return h.node.waitForRequest(
    (r) =>
      r.method === "PATCH" &&
      r.path.endsWith(`/players/${ids.guild}`) &&
      h.node.requests.indexOf(r) >= since &&
      pred(r.body ?? {}),
  );
}

const customIds = (m: StoredMessage): string[] =>
  m.components.flatMap((row: { components?: { custom_id?: string }[] }) =>
    (row.components ?? []).map((c) => c.custom_id ?? ""),
  );

/** The current now-playing message (the one with the player's skip button), optionally for a given title. */
export function nowPlayingMessage(h: Harness, title?: string): Promise<StoredMessage> {
  return h.discord.waitForMessage(
    ids.text,
    (m) => customIds(m).includes("cmd:skip") && (!title || JSON.stringify(m.embeds).includes(title)),
  );
}

export function buttonIds(m: StoredMessage): string[] {
  return customIds(m);
}

/** Clicks a component of a message Encore sent. */
export function click(h: Harness, messageId: string, customId: string, userId: string = ids.alice, values?: string[]) {
  return h.discord.sendComponent({
    guildId: ids.guild,
    channelId: ids.text,
    userId,
    messageId,
    customId,
    ...(values ? { componentType: 3, values } : {}),
  });
}

/** Everything a reply shows, as one comparable string. */
export function replyText(r: { content: string; embeds: unknown[]; components: unknown[] }): string {
  return JSON.stringify({ content: r.content, embeds: r.embeds, components: r.components });
}
