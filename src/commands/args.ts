import { type LocalText, text as local } from "../i18n/translate.ts";
import type { ArgValue, CommandDefinition, OptionDef, SubcommandDef } from "./types.ts";

/** Parses 90, 1:30, 1:02:03, 2m, 1h2m3s into milliseconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const clock = t.match(/^(?:(\d+):)?(\d{1,2}):(\d{1,2})$/);
  if (clock) {
    const [, h = "0", m = "0", s = "0"] = clock;
    if (Number(s) > 59 || (clock[1] !== undefined && Number(m) > 59)) return null;
    return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
  }
  const units = t.match(/^(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/);
  if (units && t.length > 0 && (units[1] || units[2] || units[3])) {
    const [, h = "0", m = "0", s = "0"] = units;
    return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
  }
  return null;
}

const truthy = new Set(["on", "true", "yes", "enable", "enabled", "1"]);
const falsy = new Set(["off", "false", "no", "disable", "disabled", "0"]);

/** Coerces one raw value (slash option value or prefix token) to the option's type, or explains why not. */
export function coerceOption(
  opt: OptionDef,
  raw: unknown,
): { ok: true; value: ArgValue } | { ok: false; problem: LocalText } {
  const text = typeof raw === "string" ? raw.trim() : raw;
  switch (opt.type) {
    case "string": {
      const value = String(text ?? "");
      if (value.length === 0) return { ok: false, problem: local("arg.notEmpty", { name: opt.name }) };
      if (opt.min !== undefined && value.length < opt.min)
        return { ok: false, problem: local("arg.minChars", { name: opt.name, min: opt.min }) };
      if (opt.max !== undefined && value.length > opt.max)
        return { ok: false, problem: local("arg.maxChars", { name: opt.name, max: opt.max }) };
      if (opt.choices) {
        const match = opt.choices.find((c) => c.toLowerCase() === value.toLowerCase());
        if (!match)
          return { ok: false, problem: local("arg.oneOf", { name: opt.name, choices: opt.choices.join(", ") }) };
        return { ok: true, value: match };
      }
      return { ok: true, value };
    }
    case "integer":
    case "number": {
      const value = typeof text === "number" ? text : Number(text);
      if (typeof text === "string" && !/^-?\d+(\.\d+)?$/.test(text))
        return { ok: false, problem: local("arg.number", { name: opt.name }) };
      if (!Number.isFinite(value)) return { ok: false, problem: local("arg.number", { name: opt.name }) };
      if (opt.type === "integer" && !Number.isInteger(value))
        return { ok: false, problem: local("arg.whole", { name: opt.name }) };
      return inBounds(opt, value, String(value));
    }
    case "boolean": {
      if (typeof text === "boolean") return { ok: true, value: text };
      const t = String(text).toLowerCase();
      if (truthy.has(t)) return { ok: true, value: true };
      if (falsy.has(t)) return { ok: true, value: false };
      return { ok: false, problem: local("arg.onOff", { name: opt.name }) };
    }
    case "user": {
      const m = String(text ?? "").match(/^(?:<@!?(\d{17,20})>|(\d{17,20}))$/);
      const id = m?.[1] ?? m?.[2];
      if (!id) return { ok: false, problem: local("arg.member", { name: opt.name }) };
      return { ok: true, value: id };
    }
    case "attachment": {
      const id = String(text ?? "");
      if (!/^\d{17,20}$/.test(id)) return { ok: false, problem: local("arg.file", { name: opt.name }) };
      return { ok: true, value: id };
    }
    case "duration": {
      const ms = typeof text === "number" ? text * 1000 : parseDuration(String(text));
      if (ms === null) return { ok: false, problem: local("arg.time", { name: opt.name }) };
      return inBounds(opt, ms, String(text));
    }
  }
}

function inBounds(
  opt: OptionDef,
  value: number,
  shown: string,
): { ok: true; value: number } | { ok: false; problem: LocalText } {
  if (opt.min !== undefined && value < opt.min)
    return { ok: false, problem: local("arg.min", { name: opt.name, min: opt.min }) };
  if (opt.max !== undefined && value > opt.max)
    return { ok: false, problem: local("arg.max", { name: opt.name, max: opt.max }) };
  void shown;
  return { ok: true, value };
}

const optionUsage = (options: readonly OptionDef[]) =>
  options.map((o) => {
    if (o.flag) return `[--${o.name}]`;
    if (o.type === "attachment") return o.required ? `<attached ${o.name}>` : `[attached ${o.name}]`;
    const body = o.choices ? o.choices.join("|") : o.name;
    return o.required ? `<${body}>` : `[${body}]`;
  });

/**
 * `play <query>`-style usage line for a command, or for one of its subcommands (`playlist add <name> [what]`).
 * A command with subcommands and none given reads `playlist <create|add|…>`.
 */
export function usage(def: CommandDefinition, prefix: string, sub?: SubcommandDef): string {
  const parts = sub
    ? [sub.name, ...optionUsage(sub.options)]
    : def.subcommands
      ? [`<${def.subcommands.map((s) => s.name).join("|")}>`]
      : optionUsage(def.options);
  return `${prefix}${def.name}${parts.length ? ` ${parts.join(" ")}` : ""}`;
}
