import { coerceOption, usage } from "../commands/args.ts";
import type { ArgValue, CommandDefinition, OptionDef, SubcommandDef } from "../commands/types.ts";
import { type LocalText, render, text } from "../i18n/translate.ts";
import { parsePrefixArgs } from "./prefix-parser.ts";

/** Validated arguments for a run, or the problem to tell the member (with the usage line that fits). */
export type CommandArgs =
  | { ok: true; args: Record<string, ArgValue> }
  | { ok: false; problem: LocalText; usage: string };

/** A problem that starts with the option's name starts the answer: the name gets a capital letter. */
const capitalise = (problem: LocalText): LocalText => {
  const params = problem.params as { name?: unknown } | undefined;
  if (typeof params?.name !== "string" || !render("en", problem.key).startsWith("{name}")) return problem;
  return { ...problem, params: { ...params, name: params.name.charAt(0).toUpperCase() + params.name.slice(1) } };
};

function pickSubcommand(def: CommandDefinition, name: string | null): SubcommandDef | undefined {
  const wanted = (name ?? def.defaultSubcommand ?? "").toLowerCase();
  return def.subcommands?.find((s) => s.name === wanted);
}

const unknownSubcommand = (def: CommandDefinition, prefix: string): CommandArgs => ({
  ok: false,
  problem: text("arg.pickSub", { names: (def.subcommands ?? []).map((s) => s.name).join(", ") }),
  usage: usage(def, prefix),
});

/**
 * Reads a slash command's options (those of its subcommand, which Discord nests under a type-1 option), coerced and
 * bounded like prefix arguments. Discord enforces types and required options itself; they are checked again so a
 * stale or forged payload gets an answer instead of reaching the handler half-filled. `read` gives an option's raw
 * value by name (`i.options.get(name)?.value`).
 */
export function slashArgs(
  def: CommandDefinition,
  subcommand: string | null,
  read: (name: string) => unknown,
): CommandArgs {
  let sub: SubcommandDef | undefined;
  if (def.subcommands) {
    sub = pickSubcommand(def, subcommand);
    if (!sub) return unknownSubcommand(def, "/");
  }
  return coerceAll(sub?.options ?? def.options, read, def, sub, "/");
}

/** The subcommand an interaction names; null when there is none (or the payload is malformed). */
export function subcommandName(i: { options: { getSubcommand(required: false): string | null } }): string | null {
  try {
    return i.options.getSubcommand(false);
  } catch {
    return null;
  }
}

function coerceAll(
  options: readonly OptionDef[],
  read: (name: string) => unknown,
  def: CommandDefinition,
  sub: SubcommandDef | undefined,
  prefix: string,
): CommandArgs {
  const args: Record<string, ArgValue> = sub ? { subcommand: sub.name } : {};
  for (const opt of options) {
    const raw = read(opt.name);
    if (raw === undefined || raw === null) {
      if (opt.required)
        return { ok: false, problem: text("arg.missing", { name: opt.name }), usage: usage(def, prefix, sub) };
      continue;
    }
    const coerced = coerceOption(opt, raw);
    if (!coerced.ok) return { ok: false, problem: capitalise(coerced.problem), usage: usage(def, prefix, sub) };
    args[opt.name] = coerced.value;
  }
  return { ok: true, args };
}

/**
 * Parses the text after a prefix command's name. For a command with subcommands the first word names one
 * (`!playlist add mix current`); with no words at all the default subcommand runs (`!playlist` lists).
 */
export function prefixArgs(def: CommandDefinition, input: string, prefix: string): CommandArgs {
  let sub: SubcommandDef | undefined;
  let rest = input;
  if (def.subcommands) {
    const match = input.match(/^\s*(\S+)\s*([\s\S]*)$/);
    sub = pickSubcommand(def, match?.[1] ?? null);
    if (!sub) return unknownSubcommand(def, prefix);
    rest = match ? (match[2] ?? "") : "";
  }
  const parsed = parsePrefixArgs(sub?.options ?? def.options, rest);
  if (!parsed.ok) return { ok: false, problem: capitalise(parsed.problem), usage: usage(def, prefix, sub) };
  return { ok: true, args: sub ? { subcommand: sub.name, ...parsed.args } : parsed.args };
}
