import { describe, expect, it } from "vitest";
import { commandManifest } from "../../../src/commands/manifest.ts";
import { slashJson } from "../../../src/discord/slash-json.ts";
import { LANGUAGE_CODES, LANGUAGES } from "../../../src/i18n/translate.ts";

/** Discord's rule for command, subcommand and option names (and their localizations). */
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

interface Node {
  name: string;
  description?: string;
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  options?: Node[];
  choices?: { name: string; name_localizations?: Record<string, string> }[];
}

/** Every command, subcommand and option of the registered JSON, with where it sits. */
function walk(node: Node, path: string, out: { path: string; node: Node; siblings: Node[] }[], siblings: Node[]) {
  out.push({ path, node, siblings });
  for (const o of node.options ?? []) walk(o, `${path} ${o.name}`, out, node.options ?? []);
  return out;
}

const commands = commandManifest().map((d) => slashJson(d) as unknown as Node);
const entries = commands.flatMap((c) => walk(c, `/${c.name}`, [], commands));
const localized = LANGUAGE_CODES.filter((code) => LANGUAGES[code].discordLocales.length > 0);

describe("slash command localizations", () => {
  it("covers at least one language besides English", () => {
    expect(localized.length).toBeGreaterThan(0);
  });

  it.each(localized)("%s names and describes every command, subcommand, option and choice", (code) => {
    const missing: string[] = [];
    for (const locale of LANGUAGES[code].discordLocales) {
      for (const { path, node } of entries) {
        if (!node.name_localizations?.[locale]) missing.push(`${path}: name (${locale})`);
        if (!node.description_localizations?.[locale]) missing.push(`${path}: description (${locale})`);
        for (const c of node.choices ?? []) {
          if (!c.name_localizations?.[locale]) missing.push(`${path} choice ${c.name} (${locale})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("keeps to Discord's limits: lowercase names of 1–32 letters, digits, - or _; descriptions of 1–100", () => {
    const broken: string[] = [];
    for (const { path, node } of entries) {
      for (const [locale, name] of Object.entries(node.name_localizations ?? {})) {
        if (!NAME.test(name) || name !== name.toLowerCase()) broken.push(`${path} name ${locale}: ${name}`);
      }
      for (const [locale, text] of Object.entries(node.description_localizations ?? {})) {
        if (text.length < 1 || text.length > 100) broken.push(`${path} description ${locale}: ${text.length}`);
      }
      for (const c of node.choices ?? []) {
        for (const [locale, name] of Object.entries(c.name_localizations ?? {})) {
          if (name.length < 1 || name.length > 100) broken.push(`${path} choice ${c.name} ${locale}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("gives siblings different names in every locale (Discord refuses duplicates)", () => {
    const clashes: string[] = [];
    for (const code of localized) {
      for (const locale of LANGUAGES[code].discordLocales) {
        const groups = new Map<Node[], Map<string, string>>();
        for (const { path, node, siblings } of entries) {
          const seen = groups.get(siblings) ?? new Map<string, string>();
          groups.set(siblings, seen);
          const name = node.name_localizations?.[locale] ?? node.name;
          const other = seen.get(name);
          if (other) clashes.push(`${locale}: ${other} and ${path} are both "${name}"`);
          seen.set(name, path);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it("has no entry for a command, subcommand or option that does not exist", () => {
    const stray: string[] = [];
    for (const code of localized) {
      for (const [name, local] of Object.entries(LANGUAGES[code].commands)) {
        const def = commandManifest().find((d) => d.name === name);
        if (!def) {
          stray.push(`/${name}`);
          continue;
        }
        for (const opt of Object.keys(local.options ?? {})) {
          if (!def.options.some((o) => o.name === opt)) stray.push(`/${name} ${opt}`);
        }
        for (const [subName, sub] of Object.entries(local.subcommands ?? {})) {
          const subDef = def.subcommands?.find((s) => s.name === subName);
          if (!subDef) stray.push(`/${name} ${subName}`);
          for (const opt of Object.keys(sub.options ?? {})) {
            if (!subDef?.options.some((o) => o.name === opt)) stray.push(`/${name} ${subName} ${opt}`);
          }
        }
      }
    }
    expect(stray).toEqual([]);
  });
});
