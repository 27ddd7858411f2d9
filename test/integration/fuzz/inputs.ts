import { commandManifest } from "../../../src/commands/manifest.ts";
import type { CommandDefinition, OptionDef } from "../../../src/commands/types.ts";
import type { ApplicationCommandOption } from "../../fakes/discord/index.ts";
import { ids } from "../../helpers/fixtures.ts";

/** Input generators for the fuzz run: a seeded random source and the hostile values it draws from. */

/** mulberry32: small, fast and good enough to spread inputs; the same seed gives the same run. */
export function rng(seed: number) {
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
export type Rng = ReturnType<typeof rng>;

/** Links whose fetching would reach the host's own network (the URL guard's table), and local files. */
export const INTERNAL_LINKS = [
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
export const SOURCE_PREFIXES = [
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
export const ALLOWED_LOAD =
  /^(ytsearch|ytmsearch|scsearch):|^https:\/\/(www\.youtube\.com|music\.youtube\.com|youtu\.be|soundcloud\.com|cdn\.example\.org)\//;

export const GARBAGE = [
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

export const commands = commandManifest();
export const MEMBERS = [ids.alice, ids.bob, ids.carol, ids.dj, ids.admin, ids.erin, ids.frank];

export function text(r: Rng): string {
  const parts = Array.from({ length: 1 + r.int(4) }, () =>
    r.chance(0.2) ? r.pick(SOURCE_PREFIXES) + r.pick(INTERNAL_LINKS) : r.pick(GARBAGE),
  );
  return parts.join(r.chance(0.5) ? " " : "");
}

/** Every refused link with every source prefix. */
export const LINK_FORMS = SOURCE_PREFIXES.flatMap((p) => INTERNAL_LINKS.map((link) => p + link));

export function refusedLink(r: Rng): string {
  return r.pick(SOURCE_PREFIXES) + r.pick(INTERNAL_LINKS);
}

/** A value for an option: usually of the wrong type or out of range. */
export function optionValue(r: Rng, opt?: OptionDef): { type: number; value: string | number | boolean } {
  const roll = r.int(8);
  if (roll === 0) return { type: 4, value: r.pick([-1, 0, 1, 2 ** 31, -(2 ** 53), 10 ** 12, 3]) };
  if (roll === 1) return { type: 10, value: r.pick([0.5, -0.1, 1e300, 2.5]) };
  if (roll === 2) return { type: 5, value: r.chance(0.5) };
  if (roll === 3) return { type: 6, value: r.pick(["800000000000000001", "1", "not-a-user"]) };
  if (roll === 4 && opt?.choices) return { type: 3, value: r.pick(opt.choices) };
  if (roll === 5) return { type: 3, value: refusedLink(r) };
  return { type: 3, value: text(r) };
}

export function slashOptions(
  r: Rng,
  def: CommandDefinition,
): { subcommand?: string; options: ApplicationCommandOption[] } {
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

export function customId(r: Rng, seen: string[]): string {
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
