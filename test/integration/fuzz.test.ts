import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeInteraction } from "../fakes/discord/index.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { parseMetrics } from "../helpers/metrics.ts";
import {
  ALLOWED_LOAD,
  commands,
  customId,
  LINK_FORMS,
  MEMBERS,
  refusedLink,
  rng,
  slashOptions,
  text,
} from "./fuzz/inputs.ts";

/**
 * A seeded fuzz run of hostile and malformed input through the real router, against the app at its production
 * defaults (rate limit and URL guard on; log level info). FUZZ_SEED reproduces a run; FUZZ_INPUTS scales it.
 *
 * Inputs go in over the fake gateway, in batches of 50, each batch waiting until its interactions are answered:
 * the app has no socket-free entry, and the gateway path is the one Discord uses, with discord.js building the
 * interactions and messages. What bounds the run's time is Encore's own output: discord.js holds channel posts and
 * webhook edits to Discord's 50 requests a second (interaction callbacks are exempt), so the mix leans on
 * interactions and autocomplete, and sends prefix messages and deferred commands in smaller shares.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const TOTAL = Number(process.env.FUZZ_INPUTS ?? 10_000);
const BATCH = 50;

interface Sent {
  kind: "slash" | "autocomplete" | "component";
  input: string;
  interaction: FakeInteraction;
}

describe(`fuzz: ${TOTAL} hostile inputs through the real router (seed ${SEED})`, () => {
  let h: Harness;
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);
  beforeAll(async () => {
    process.on("unhandledRejection", onCrash);
    process.on("uncaughtException", onCrash);
    // The run checks that every input is answered, not how fast a loaded test machine answers: interactions get
    // 15 s instead of Discord's 3 (the deadline itself is covered by the resilience tests).
    h = await startHarness({ env: { LOG_LEVEL: "info" }, discord: { interactionDeadlineMs: 15_000 } });
  });
  afterAll(async () => {
    process.off("unhandledRejection", onCrash);
    process.off("uncaughtException", onCrash);
    await h?.stop();
  });

  it("no crash, every interaction answered, nothing refused reaches a node, the breaker stays closed", async () => {
    const r = rng(SEED);
    const counts = { prefix: 0, slash: 0, autocomplete: 0, component: 0, links: 0 };
    const botId = h.discord.botUser.id;
    // A message of Encore's to hang forged components on (it is never deleted).
    const host = h.discord.sendMessage({
      guildId: ids.guild,
      channelId: ids.text,
      userId: ids.alice,
      content: "!ping",
    });
    const hostReply = await h.discord.waitForMessage(ids.text, (m) => m.message_reference?.message_id === host.id);
    // Every member has a playlist to add to, so links given to `playlist add` reach the URL guard.
    for (const userId of MEMBERS) {
      h.elapse(1000);
      const made = h.discord.sendMessage({
        guildId: ids.guild,
        channelId: ids.text,
        userId,
        content: "!playlist create fuzz",
      });
      await h.discord.waitForMessage(ids.text, (m) => m.message_reference?.message_id === made.id);
    }
    const sent: Sent[] = [];
    const seenIds: string[] = [];

    for (let start = 0; start < TOTAL; start += BATCH) {
      const batch: Sent[] = [];
      for (let n = start; n < Math.min(TOTAL, start + BATCH); n++) {
        // Members act at a person's pace as far as the rate limit is concerned; the inputs themselves are hostile.
        h.elapse(1000);
        const userId = r.pick(MEMBERS);
        const roll = r.next();
        if (roll < 0.07) {
          const def = r.pick(commands);
          const lead = r.pick(["!", "!", `<@${botId}> `, `<@!${botId}>`, "?", ""]);
          const name = r.chance(0.85) ? r.pick([def.name, ...def.aliases]) : text(r).slice(0, 20);
          const sub = def.subcommands && r.chance(0.8) ? `${r.pick(def.subcommands).name} ` : "";
          const args = Array.from({ length: r.int(4) }, () => (r.chance(0.3) ? refusedLink(r) : text(r))).join(" ");
          h.discord.sendMessage({
            guildId: ids.guild,
            channelId: ids.text,
            userId,
            content: `${lead}${name} ${sub}${args}`,
          });
          counts.prefix++;
        } else if (roll < 0.35) {
          const def = r.chance(0.97) ? r.pick(commands) : { ...r.pick(commands), name: "ghost" };
          const shaped = slashOptions(r, def);
          const interaction = h.discord.sendSlash({
            guildId: ids.guild,
            channelId: ids.text,
            userId,
            name: def.name,
            ...shaped,
          });
          batch.push({ kind: "slash", input: `/${def.name} ${JSON.stringify(shaped)}`, interaction });
          counts.slash++;
        } else if (roll < 0.65) {
          const def = r.pick(commands);
          const shaped = slashOptions(r, def);
          const focusable = shaped.options.filter((o) => o.type === 3);
          const noFocus = r.chance(0.2);
          if (!noFocus) {
            const target = focusable.length ? r.pick(focusable) : undefined;
            if (target) target.focused = true;
            else
              shaped.options.push({
                name: r.pick(["query", "name", "key", "zzz"]),
                type: 3,
                value: text(r),
                focused: true,
              });
          }
          const interaction = h.discord.sendAutocomplete({
            guildId: ids.guild,
            channelId: ids.text,
            userId,
            name: r.chance(0.95) ? def.name : "ghost",
            ...shaped,
          });
          batch.push({ kind: "autocomplete", input: `ac /${def.name} ${JSON.stringify(shaped)}`, interaction });
          counts.autocomplete++;
        } else if (roll < 0.82) {
          const id = customId(r, seenIds);
          const select = r.chance(0.3);
          const interaction = h.discord.sendComponent({
            guildId: ids.guild,
            channelId: ids.text,
            userId,
            messageId: hostReply.id,
            customId: id,
            ...(select
              ? { componentType: 3, values: Array.from({ length: r.int(4) }, () => text(r).slice(0, 100)) }
              : {}),
          });
          batch.push({ kind: "component", input: `component ${JSON.stringify(id)}`, interaction });
          counts.component++;
        } else {
          // Refused links on every path a query takes: every form with every prefix, then random ones.
          const covering = counts.links < LINK_FORMS.length;
          const link = covering ? (LINK_FORMS[counts.links] as string) : refusedLink(r);
          // Once every form went through some path, more go through autocomplete (no voice, nothing posted).
          const path = covering ? r.int(10) : 4;
          counts.links++;
          const target = { guildId: ids.guild, channelId: ids.text, userId };
          if (path < 4) {
            const name = r.pick(["play", "play", "playnext", "search"]);
            const interaction = h.discord.sendSlash({
              ...target,
              name,
              options: [{ name: "query", type: 3, value: link }],
            });
            batch.push({ kind: "slash", input: `/${name} ${link}`, interaction });
          } else if (path < 6) {
            const name = r.pick(["play", "playnext"]);
            const interaction = h.discord.sendAutocomplete({
              ...target,
              name,
              options: [{ name: "query", type: 3, value: link, focused: true }],
            });
            batch.push({ kind: "autocomplete", input: `ac /${name} ${link}`, interaction });
          } else if (path < 8) {
            const interaction = h.discord.sendSlash({
              ...target,
              name: "playlist",
              subcommand: "add",
              options: [
                { name: "name", type: 3, value: "fuzz" },
                { name: "what", type: 3, value: link },
              ],
            });
            batch.push({ kind: "slash", input: `/playlist add fuzz ${link}`, interaction });
          } else {
            const command = r.pick(["play", "p", "playnext", "search", "playlist add fuzz", "pl add fuzz"]);
            h.discord.sendMessage({ ...target, content: `!${command} ${link}` });
          }
        }
      }
      sent.push(...batch);
      await waitUntil(
        () => batch.every((s) => answered(s)),
        20_000,
        `every interaction of inputs ${start}–${start + BATCH} to be answered`,
      ).catch(() => undefined);
      for (const m of h.discord.messages(ids.text).slice(-20)) {
        for (const row of m.components ?? [])
          for (const c of row.components ?? []) if (c.custom_id) seenIds.push(c.custom_id);
      }
    }
    const metrics = parseMetrics(await (await fetch(`http://127.0.0.1:${h.app.httpPort()}/metrics`)).text());
    const breakerState = ["closed", "half-open", "open"].find(
      (state) => metrics.sample("encore_music_breaker_state", { state }) === 1,
    );
    const breakerOpened = () =>
      h.logs.filter((l) => l.includes("music circuit breaker changed state") && /"to":"open"/.test(l));
    const openedDuringRun = breakerOpened();
    // Let the last prefix messages finish: the router drains everything it started before the app stops.
    await h.app.stop("fuzz end");

    const unanswered = sent.filter((s) => !answered(s)).map((s) => s.input);
    // A second answer to the same interaction, or an invalid one, is refused by Discord: none may happen.
    const refusedCallbacks = sent
      .filter((s) => s.interaction.rejected.length > 0)
      .map((s) => `${s.input} → ${JSON.stringify(s.interaction.rejected)}`);
    const loads = h.node.requests.filter((r) => r.path === "/v4/loadtracks").map((r) => String(r.query.identifier));
    const reachedNode = loads.filter((identifier) => !ALLOWED_LOAD.test(identifier));
    const errors = h.logs.filter((l) => /"level":(50|60)/.test(l));

    console.log(
      `fuzz seed ${SEED}: ${TOTAL} inputs (${JSON.stringify(counts)}), ${sent.length} interactions, ${loads.length} node loads`,
    );
    expect(crashes).toEqual([]);
    expect(errors.slice(0, 5)).toEqual([]);
    expect(unanswered.slice(0, 5)).toEqual([]);
    expect(refusedCallbacks.slice(0, 5)).toEqual([]);
    expect(reachedNode.slice(0, 5)).toEqual([]);
    expect(openedDuringRun).toEqual([]);
    expect(breakerState).toBe("closed");
    expect(h.discord.internalErrors.map(String)).toEqual([]);
    // Every refused form went through at least one path (with the full input count).
    if (TOTAL >= 10_000) expect(counts.links).toBeGreaterThanOrEqual(LINK_FORMS.length);
  }, 300_000);
});

function answered(s: Sent): boolean {
  if (s.kind === "autocomplete") return s.interaction.autocompleteChoices !== null;
  return s.interaction.callbacks.length > 0;
}
