import { afterEach, describe, expect, it } from "vitest";
import type { FakeInteraction, InteractionResponseView } from "../fakes/discord/index.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness } from "../helpers/harness.ts";
import { click, nowPlayingMessage, play, slash, slashReply, waitPatch } from "../helpers/player-driver.ts";

/**
 * The per-member rate limit at its production defaults: a member using Encore as fast as a person can never sees
 * "slow down"; a flood is cut whatever the command, and other members go on unaffected.
 */
const SLOW_DOWN = /^Slow down/;

const notSlowedDown = (replies: InteractionResponseView[]) =>
  expect(replies.map((r) => r.content).filter((c) => SLOW_DOWN.test(c))).toEqual([]);

/** Parsed log lines of the app. */
const logLines = (h: Harness) =>
  h.logs.map((line) => {
    try {
      return JSON.parse(line) as { msg?: string; command?: string; userId?: string; source?: string };
    } catch {
      return {};
    }
  });

/** Commands of `userId` the app has finished with: run to the end, refused by a check, or rate limited. */
const settled = (h: Harness, userId: string, command: string) =>
  logLines(h).filter(
    (l) =>
      l.userId === userId &&
      l.command === command &&
      (l.msg === "command done" || l.msg === "command refused" || l.msg === "rate limited"),
  ).length;

describe("per-member rate limit (production defaults)", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it("/search then an immediate pick from the menu both run", async () => {
    h = await startHarness();
    const offer = await slashReply(h, "search", ids.alice, { query: "a" });
    expect(offer.content).toMatch(/^Pick what to queue/);
    const message = h.discord
      .messages(ids.text)
      .find((m) => JSON.stringify(m.components).includes('"type":3') && m.content === offer.content);
    const menu = message?.components[0].components[0];
    const picked = await click(h, message?.id ?? "", menu.custom_id, ids.alice, ["0"]).waitForResponse();
    expect(picked.content).toMatch(/^(Now playing|Queued)/);
  });

  it("three /playlist add sent at once all land", async () => {
    h = await startHarness();
    expect((await slashReply(h, "playlist create", ids.alice, { name: "mix" })).content).toMatch(/^Created/);
    const adds = ["despacito", "bohemian", "teen spirit"].map((q) =>
      slash(h, "playlist add", ids.alice, { name: "mix", what: q }).waitForResponse(),
    );
    const replies = await Promise.all(adds);
    notSlowedDown(replies);
    expect(replies.map((r) => r.content)).toEqual(replies.map(() => expect.stringMatching(/^Added/)));
    expect(h.app.music && (await slashReply(h, "playlist list", ids.alice, {})).embeds[0]).toMatchObject({
      description: expect.stringContaining("3 tracks"),
    });
  });

  it("six player button clicks in a row all run", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    await play(h, "despacito");
    const np = await nowPlayingMessage(h);
    const replies: InteractionResponseView[] = [];
    for (const id of ["cmd:pause", "cmd:resume", "cmd:loop", "cmd:loop", "cmd:loop", "cmd:shuffle"]) {
      replies.push(await click(h, np.id, id).waitForResponse());
    }
    notSlowedDown(replies);
    expect(replies.map((r) => r.content).slice(0, 3)).toEqual(["Paused.", "Resumed.", "Looping the current track."]);
  });

  it("two filters sent at once both apply", async () => {
    h = await startHarness();
    await play(h, "never gonna give");
    const since = h.node.requests.length;
    const replies = await Promise.all([
      slash(h, "filter", ids.alice, { preset: "nightcore" }).waitForResponse(),
      slash(h, "filter", ids.alice, { preset: "bassboost" }).waitForResponse(),
    ]);
    notSlowedDown(replies);
    await waitPatch(h, since, (b) => b.filters?.timescale !== undefined && b.filters?.equalizer !== undefined);
  });

  it("two /play links sent at once both play or queue", async () => {
    h = await startHarness();
    const replies = await Promise.all([
      slash(h, "play", ids.alice, { query: "https://www.youtube.com/watch?v=dQw4w9WgXcQ" }).waitForResponse(),
      slash(h, "play", ids.alice, { query: "https://www.youtube.com/watch?v=kJQP7kiw5Fk" }).waitForResponse(),
    ]);
    notSlowedDown(replies);
    expect(replies.map((r) => r.content)).toEqual([
      expect.stringMatching(/^(Now playing|Queued)/),
      expect.stringMatching(/^(Now playing|Queued)/),
    ]);
  });

  it("30 !ping at once: one slow down in the channel, the rest of the excess ignored, other members unaffected", async () => {
    h = await startHarness();
    const sent = Array.from({ length: 30 }, () =>
      h.discord.sendMessage({ guildId: ids.guild, channelId: ids.text, userId: ids.alice, content: "!ping" }),
    );
    const bob = h.discord.sendMessage({ guildId: ids.guild, channelId: ids.text, userId: ids.bob, content: "!ping" });
    await expect.poll(() => settled(h, ids.alice, "ping"), { timeout: 10_000 }).toBe(30);
    const bobReply = await h.discord.waitForMessage(ids.text, (m) => m.message_reference?.message_id === bob.id);
    expect(bobReply.content).toMatch(/^Pong!/);
    const sentIds = new Set(sent.map((s) => s.id));
    const replies = h.discord
      .messages(ids.text)
      .filter((m) => sentIds.has(m.message_reference?.message_id ?? ""))
      .map((m) => m.content);
    const slowDowns = replies.filter((c) => SLOW_DOWN.test(c));
    const pongs = replies.filter((c) => c.startsWith("Pong!"));
    expect(slowDowns).toHaveLength(1);
    expect(pongs.length).toBeGreaterThanOrEqual(10);
    // Every message got a pong, the one slow down, or nothing at all, and some got nothing.
    expect(pongs.length + slowDowns.length).toBe(replies.length);
    expect(replies.length).toBeLessThan(30);
  });

  it("a flood of slash commands: every interaction is answered, the excess privately", async () => {
    h = await startHarness();
    const flood: FakeInteraction[] = Array.from({ length: 20 }, () => slash(h, "ping", ids.alice));
    const replies = await Promise.all(flood.map((i) => i.waitForResponse()));
    const limited = replies.filter((r) => SLOW_DOWN.test(r.content));
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited.every((r) => r.ephemeral)).toBe(true);
    expect(replies.filter((r) => r.content.startsWith("Pong!")).length).toBeGreaterThanOrEqual(10);
    expect((await slashReply(h, "ping", ids.bob)).content).toMatch(/^Pong!/);
  });

  it("autocomplete has its own limit and always answers, with no suggestions once over it", async () => {
    h = await startHarness();
    await slashReply(h, "playlist create", ids.alice, { name: "chill" });
    const asks = Array.from({ length: 60 }, () =>
      h.discord.sendAutocomplete({
        guildId: ids.guild,
        channelId: ids.text,
        userId: ids.alice,
        name: "playlist",
        subcommand: "show",
        options: [{ name: "name", type: 3, value: "ch", focused: true }],
      }),
    );
    await expect.poll(() => asks.every((a) => a.autocompleteChoices !== null), { timeout: 10_000 }).toBe(true);
    const counts = asks.map((a) => a.autocompleteChoices?.length);
    expect(counts.filter((n) => n === 1).length).toBeGreaterThanOrEqual(20);
    expect(counts.filter((n) => n === 0).length).toBeGreaterThanOrEqual(1);
    // Autocomplete does not spend the command allowance.
    expect((await slashReply(h, "ping", ids.alice)).content).toMatch(/^Pong!/);
  });

  it("RATE_LIMIT_BURST and RATE_LIMIT_REFILL_MS set the allowance", async () => {
    h = await startHarness({ env: { RATE_LIMIT_BURST: "2", RATE_LIMIT_REFILL_MS: "600000" } });
    expect((await slashReply(h, "ping")).content).toMatch(/^Pong!/);
    expect((await slashReply(h, "ping")).content).toMatch(/^Pong!/);
    const third = await slashReply(h, "ping");
    expect(third).toMatchObject({ ephemeral: true, content: expect.stringMatching(/^Slow down.*600s\.$/) });
  });
});
