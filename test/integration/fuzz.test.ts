import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandManifest } from "../../src/commands/manifest.ts";
import type { CommandDefinition, OptionDef } from "../../src/commands/types.ts";
import type { ApplicationCommandOption, FakeInteraction } from "../fakes/discord/index.ts";
import { ids } from "../helpers/fixtures.ts";
import { type Harness, startHarness, waitUntil } from "../helpers/harness.ts";
import { parseMetrics } from "../helpers/metrics.ts";

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

/** mulberry32: small, fast and good enough to spread inputs; the same seed gives the same run. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

/** Links whose fetching would reach the host's own network (the URL guard's table), and local files. */
const INTERNAL_LINKS = [
  "http://169.254.169.254/latest/meta-data/",
  "http://127.0.0.1/",
  "http://[::1]:2333/v4/info",
  "http://10.0.0.1/a.mp3",
  "http://192.168.1.1/a.mp3",
  "http://127.0.0.1.nip.io/",
  "http://metadata.example.net/latest/meta-data/",
  "http://internal.example.net/a.mp3",
  "http://lavalink:2333/v4/info",
  "http://encore:8080/metrics",
  "http://metadata.google.internal/computeMetadata/v1/",
  "http://[::127.0.0.1]/",
  "http://[64:ff9b::7f00:1]/",
  "http://[::ffff:0:7f00:1]/",
  "http://[fec0::1]/",
  "http://198.18.0.1/",
  "http://100.64.0.1/",
  "http://127.0.0.1:99999/",
  "http://[127.0.0.1]/",
  "http://0.0.0.0/",
  "http://[::]/",
  "http://localhost/",
  "http://a.localhost/",
  "http://printer.local/",
  "http://2130706433/",
  "http://0x7f000001/",
  "file:///etc/passwd",
  "/etc/passwd",
];
/** lavalink-client's source prefixes (any case), with and without a space after the colon. */
const SOURCE_PREFIXES = [
  "",
  "uri:",
  "link:",
  "LINK:",
  "Uri: ",
  "local:",
  "LOCAL:",
  "http:",
  "https:",
  "ytsearch:",
  "ytmsearch:",
  "scsearch:",
  "speak:",
  "tts:",
  "amsearch:",
  "spsearch:",
  "dzsearch:",
  "sc:",
  "yt:",
  "ytm:",
  "ftts://",
  "phsearch:",
];

/** What a node may be asked to load: searches on the configured sources, or a public link from the catalogue. */
const ALLOWED_LOAD =
  /^(ytsearch|ytmsearch|scsearch):|^https:\/\/(www\.youtube\.com|music\.youtube\.com|youtu\.be|soundcloud\.com|cdn\.example\.org)\//;

const GARBAGE = [
  "",
  " ",
  "\u0000",
  "\u202e",
  "@everyone",
  "<@&900000000000000100>",
  "<@800000000000000001>",
  "`",
  "```",
  '"',
  "'",
  "\\",
  '"unclosed',
  "--",
  "--shuffle",
  "-1",
  "0",
  "1e309",
  "NaN",
  "Infinity",
  "9".repeat(40),
  "0x10",
  "1:99:99",
  "99:99",
  "1-",
  "3-1",
  "-",
  "💥".repeat(60),
  "a".repeat(600),
  "%00",
  "${jndi:ldap://x}",
  "__proto__",
  "constructor",
  "null",
  "true",
  "on",
  "[x](http://127.0.0.1)",
  "despacito",
  "never gonna give",
  "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  "https://www.youtube.com/playlist?list=PLclassics",
];

const commands = commandManifest();
const MEMBERS = [ids.alice, ids.bob, ids.carol, ids.dj, ids.admin, ids.erin, ids.frank];

function text(r: Rng): string {
  const parts = Array.from({ length: 1 + r.int(4) }, () =>
    r.chance(0.2) ? r.pick(SOURCE_PREFIXES) + r.pick(INTERNAL_LINKS) : r.pick(GARBAGE),
  );
  return parts.join(r.chance(0.5) ? " " : "");
}

/** Every refused link with every source prefix. */
const LINK_FORMS = SOURCE_PREFIXES.flatMap((p) => INTERNAL_LINKS.map((link) => p + link));

function refusedLink(r: Rng): string {
  return r.pick(SOURCE_PREFIXES) + r.pick(INTERNAL_LINKS);
}

/** A value for an option: usually of the wrong type or out of range. */
function optionValue(r: Rng, opt?: OptionDef): { type: number; value: string | number | boolean } {
  const roll = r.int(8);
  if (roll === 0) return { type: 4, value: r.pick([-1, 0, 1, 2 ** 31, -(2 ** 53), 10 ** 12, 3]) };
  if (roll === 1) return { type: 10, value: r.pick([0.5, -0.1, 1e300, 2.5]) };
  if (roll === 2) return { type: 5, value: r.chance(0.5) };
  if (roll === 3) return { type: 6, value: r.pick(["800000000000000001", "1", "not-a-user"]) };
  if (roll === 4 && opt?.choices) return { type: 3, value: r.pick(opt.choices) };
  if (roll === 5) return { type: 3, value: refusedLink(r) };
  return { type: 3, value: text(r) };
}

function slashOptions(r: Rng, def: CommandDefinition): { subcommand?: string; options: ApplicationCommandOption[] } {
  const sub = def.subcommands && r.chance(0.9) ? r.pick(def.subcommands) : undefined;
  const declared = sub?.options ?? def.options;
  const options: ApplicationCommandOption[] = [];
  for (const opt of declared) {
    if (r.chance(0.25)) continue; // missing, required or not
    options.push({ name: opt.name, ...optionValue(r, opt) });
  }
  if (r.chance(0.1)) options.push({ name: r.pick(["bogus", "query", "__proto__", "value"]), ...optionValue(r) });
  const subName = def.subcommands && !sub && r.chance(0.5) ? r.pick(["nope", "", "SHOW", "list "]) : sub?.name;
  return { ...(subName !== undefined ? { subcommand: subName } : {}), options };
}

function customId(r: Rng, seen: string[]): string {
  const roll = r.int(6);
  // Ids Encore really sent (stale by now). Which ones exist depends on timing, so this draw never depends on
  // how many there are: the rest of the run stays the same for a seed.
  const k = r.int(1e9);
  if (roll === 0) return seen.length ? (seen[k % seen.length] as string) : "cmd:queue";
  if (roll === 1) return `cmd:${r.pick(commands).name}`;
  if (roll === 2) {
    const def = r.pick(commands);
    const opt = def.options.length ? r.pick(def.options).name : "page";
    return `cmd:${def.name}:${JSON.stringify({ [opt]: optionValue(r).value, b: r.int(1e6), t: r.int(1e9) })}`.slice(
      0,
      100,
    );
  }
  if (roll === 3) return `cmd:search:{"pick":"${r.int(1e6)}"}`;
  if (roll === 4) return r.pick(["", "cmd:", "cmd:queue:{", "cmd:queue:[1]", "cmd:queue:null", "other:button"]);
  return text(r).slice(0, 100);
}

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
