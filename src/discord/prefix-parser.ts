import { coerceOption } from "../commands/args.ts";
import type { ArgValue, OptionDef } from "../commands/types.ts";
import { type LocalText, text } from "../i18n/translate.ts";

export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Splits on whitespace; "double" or 'single' quotes group words; a backslash escapes the next character. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i] ?? "")) i++;
    if (i >= input.length) break;
    const start = i;
    let text = "";
    let quote: string | null = null;
    while (i < input.length) {
      const ch = input[i] ?? "";
      if (ch === "\\" && i + 1 < input.length) {
        text += input[i + 1];
        i += 2;
        continue;
      }
      if (quote) {
        if (ch === quote) quote = null;
        else text += ch;
      } else if (ch === '"' || ch === "'") {
        // A quote opens a group only at the start of a word; apostrophes inside words stay literal.
        if (text.length === 0 && i === start) quote = ch;
        else text += ch;
      } else if (/\s/.test(ch)) {
        break;
      } else {
        text += ch;
      }
      i++;
    }
    tokens.push({ text, start, end: i });
  }
  return tokens;
}

function flagPattern(flags: readonly OptionDef[]): RegExp {
  const names = flags.map((f) => f.name.replace(/[^a-z0-9-]/gi, "")).join("|");
  return new RegExp(`(^|\\s)--(${names})(?=\\s|$)`, "gi");
}

export type ParsedArgs = { ok: true; args: Record<string, ArgValue> } | { ok: false; problem: LocalText };

/**
 * Maps the text after a prefix command's name onto its typed options: positionally, and (for commands without a
 * rest-of-message option) also by name, so `skip to 3` and `move from 4 to 1` read as they are written.
 */
export function parsePrefixArgs(allOptions: readonly OptionDef[], input: string): ParsedArgs {
  const args: Record<string, ArgValue> = {};
  const flags = allOptions.filter((o) => o.flag);
  // Attachment options are filled from the message's files, not from its text.
  const options = allOptions.filter((o) => !o.flag && o.type !== "attachment");
  if (flags.length > 0) {
    // `--name` flags may stand anywhere; they are cut out of the text the other options read.
    const cut = flagPattern(flags);
    input = input.replace(cut, (_m, lead: string, name: string) => {
      args[name.toLowerCase()] = true;
      return lead;
    });
  }
  let tokens = tokenize(input);
  if (!options.some((o) => o.rest)) {
    const rest: Token[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as Token;
      const value = tokens[i + 1];
      const opt = options.find((o) => o.name === token.text.toLowerCase() && !(o.name in args));
      if (opt && value) {
        const coerced = coerceOption(opt, value.text);
        if (!coerced.ok) return { ok: false, problem: coerced.problem };
        args[opt.name] = coerced.value;
        i++;
      } else {
        rest.push(token);
      }
    }
    tokens = rest;
  }
  let ti = 0;
  for (const opt of options) {
    if (opt.name in args) continue;
    const token = tokens[ti];
    if (!token) {
      if (opt.required) return { ok: false, problem: text("arg.missing", { name: opt.name }) };
      continue;
    }
    let raw: string;
    if (opt.rest) {
      const remaining = tokens.slice(ti);
      raw = remaining.length === 1 ? token.text : input.slice(token.start).trim();
      ti = tokens.length;
    } else {
      raw = token.text;
      ti++;
    }
    const coerced = coerceOption(opt, raw);
    if (!coerced.ok) return { ok: false, problem: coerced.problem };
    args[opt.name] = coerced.value;
  }
  if (ti < tokens.length) return { ok: false, problem: text("arg.tooMany") };
  return { ok: true, args };
}
