import { coerceOption, usage } from "../commands/args.ts";
import { type PipelineDeps, runCommand } from "../commands/pipeline.ts";
import { slowDownMessage } from "../commands/rate-limit.ts";
import type { ArgValue, Choice, CommandContext, CommandDefinition } from "../commands/types.ts";
import type { Clock, TimerHandle } from "../core/clock.ts";
import { english, type LocalText, say, text } from "../i18n/translate.ts";
import type { RateLimitGate } from "../ops/refusals.ts";
import { parseComponentId } from "../render/component-id.ts";
import { prefixArgs, slashArgs } from "./command-args.ts";

/*
 * The routing decisions, apart from discord.js: which command an arrival names, what its arguments read as, and what
 * happens before the pipeline runs it (shutdown, rate limit, bad arguments). The router reads interactions and
 * messages into the plain arrivals below and builds the context; everything it decides lives here.
 */

/** The router's own answers in English (each is said in the guild's language when answered). */
export const STALE_COMPONENT = english("router.stale");
export const UNKNOWN_COMMAND = english("router.unknownCommand");
export const RESTARTING = english("router.restarting");

/** A slash command as Discord sent it. */
export interface SlashArrival {
  readonly commandName: string;
  readonly subcommand: string | null;
  /** An option's raw value by name. */
  readonly option: (name: string) => unknown;
}

/** A button or select menu: its custom id, and for a menu the values picked. */
export interface ComponentArrival {
  readonly source: "button" | "select";
  readonly customId: string;
  readonly values?: readonly string[];
}

/** A message in a server. */
export interface MessageArrival {
  readonly content: string;
  /** The server's prefix. */
  readonly prefix: string;
  /** Encore's user id: a message starting with its mention is a command too. */
  readonly botId: string;
  /** In a request channel any other text is a `play` request. */
  readonly plainIsPlay: boolean;
  /** Ids of the files attached to the message, in order. */
  readonly attachmentIds: readonly string[];
}

/** What a command's arguments read as: ready for the pipeline, or the answer that explains the problem. */
export type ArgsRead =
  | { readonly ok: true; readonly args: Record<string, ArgValue> }
  | { readonly ok: false; readonly answer: LocalText };

/** Where an arrival goes: a command with its arguments, or no command at all. */
export type Route =
  | { readonly kind: "command"; readonly def: CommandDefinition; readonly args: ArgsRead }
  /** A slash command Encore no longer has (registered by an older version). */
  | { readonly kind: "unknown-command" }
  /** A component Encore cannot run: not one of its ids, forged, or for a command that no longer exists. */
  | { readonly kind: "stale" }
  /** A message that is not a command for Encore: left alone, no answer. */
  | { readonly kind: "ignore" };

interface Commands {
  find(nameOrAlias: string): CommandDefinition | undefined;
}

export function routeSlash(commands: Commands, arrival: SlashArrival): Route {
  const def = commands.find(arrival.commandName);
  if (!def) return { kind: "unknown-command" };
  const read = slashArgs(def, arrival.subcommand, arrival.option);
  return {
    kind: "command",
    def,
    args: read.ok ? read : { ok: false, answer: text("router.usage", read) },
  };
}

export function routeComponent(commands: Commands, arrival: ComponentArrival): Route {
  const parsed = parseComponentId(arrival.customId);
  const def = parsed ? commands.find(parsed.name) : undefined;
  if (!parsed || !def) return { kind: "stale" };
  const args = componentArgs(def, parsed.args, arrival.source);
  if (!args) return { kind: "command", def, args: { ok: false, answer: text("router.stale") } };
  if (arrival.source === "select") args.values = (arrival.values ?? []).join("\n");
  return { kind: "command", def, args: { ok: true, args } };
}

/**
 * A message: `<prefix>name args`, `@Encore name args`, or (in a request channel) any other text as `play <text>`.
 * A command's file option takes the message's first attachment.
 */
export function routeMessage(commands: Commands, arrival: MessageArrival): Route {
  const { content, prefix } = arrival;
  const mention = new RegExp(`^<@!?${arrival.botId}>\\s*`);
  let body: string;
  if (content.startsWith(prefix)) body = content.slice(prefix.length);
  else if (mention.test(content)) body = content.replace(mention, "");
  else if (!arrival.plainIsPlay || !content.trim()) return { kind: "ignore" };
  else body = `play ${content}`;
  const match = body.match(/^(\S+)\s*([\s\S]*)$/);
  const def = match?.[1] ? commands.find(match[1]) : undefined;
  if (!match || !def) return { kind: "ignore" };
  const read = prefixArgs(def, match[2] ?? "", prefix);
  if (!read.ok) return { kind: "command", def, args: { ok: false, answer: text("router.usage", read) } };
  const fileOption = def.options.find((o) => o.type === "attachment");
  const [file] = arrival.attachmentIds;
  if (fileOption && file) read.args[fileOption.name] = file;
  else if (fileOption?.required) {
    return {
      kind: "command",
      def,
      args: { ok: false, answer: text("router.attachFile", { name: fileOption.name, usage: usage(def, prefix) }) },
    };
  }
  return { kind: "command", def, args: read };
}

/**
 * Arguments carried by a component's custom id: the command's own options (those of the subcommand it names, or of
 * the default one) are coerced and bounded exactly like slash and prefix arguments; other scalar keys (page tokens,
 * menu ids) pass through. Null when an option is invalid or missing, or the subcommand unknown.
 */
export function componentArgs(
  def: CommandDefinition,
  raw: Record<string, unknown>,
  source: "button" | "select",
): Record<string, ArgValue> | null {
  const args: Record<string, ArgValue> = {};
  let options = def.options;
  if (def.subcommands) {
    const name = raw.subcommand ?? def.defaultSubcommand;
    const sub = def.subcommands.find((s) => s.name === name);
    if (!sub) return null;
    options = sub.options;
    args.subcommand = sub.name;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === "subcommand") continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
    const opt = options.find((o) => o.name === key);
    if (!opt) {
      args[key] = value;
      continue;
    }
    const coerced = coerceOption(opt, value);
    if (!coerced.ok) return null;
    args[key] = coerced.value;
  }
  // Only a command that offers a select menu gets select interactions; they carry the menu's own state (a search
  // pick has its menu id, not the query). Anything else runs as typed, so its required options must be there.
  if (source === "select") return def.selectMenu ? args : null;
  if (options.some((o) => o.required && args[o.name] === undefined)) return null;
  return args;
}

export interface DispatchDeps extends PipelineDeps {
  /** The one per-member limit for commands, buttons, menus and (separately) autocomplete. */
  readonly rateLimit: RateLimitGate;
  /** False once Encore is shutting down: new commands are answered, not run. */
  readonly accepting: () => boolean;
}

/**
 * Runs a routed command in its context: refused while shutting down, then the per-member rate limit, then an
 * argument problem is answered, then the pipeline (preconditions, handler). Interactions are answered privately.
 */
export async function dispatch(deps: DispatchDeps, ctx: CommandContext, args: ArgsRead): Promise<void> {
  if (!deps.accepting()) return answer(ctx, text("router.restarting"));
  if (!(await admit(deps, ctx))) return;
  if (!args.ok) return answer(ctx, args.answer);
  await runCommand(deps, ctx, args.args);
}

const answer = (ctx: CommandContext, local: LocalText): Promise<void> => {
  const said = say(ctx.t, local);
  return ctx.reply(ctx.source === "prefix" ? said : { content: said, ephemeral: true });
};

/**
 * Applies the per-member rate limit. A refused interaction is always answered (privately); a refused prefix
 * message is answered once per window and ignored after that.
 */
async function admit(deps: DispatchDeps, ctx: CommandContext): Promise<boolean> {
  const admission = deps.rateLimit.admit(ctx.user.id);
  if (admission.kind === "run") return true;
  deps.onOutcome?.(ctx.command.name, "rate-limited");
  const interaction = ctx.source !== "prefix";
  if (interaction || admission.notify) {
    await ctx.reply({ content: slowDownMessage(ctx.t, admission.retryAfterMs), ephemeral: true });
  }
  if (deps.logger.isLevelEnabled("debug")) {
    ctx.logger.debug(
      { retryAfterMs: admission.retryAfterMs, answered: interaction || admission.notify },
      "rate limited",
    );
  }
  return false;
}

export interface SuggestDeps {
  readonly registry: PipelineDeps["registry"];
  readonly rateLimit: RateLimitGate;
  readonly accepting: () => boolean;
  readonly clock: Clock;
  /** Suggestions not ready by then are given up (Discord waits 3 s in all). */
  readonly timeoutMs: number;
  readonly logger: PipelineDeps["logger"];
}

/** An autocomplete request: the command, the option being typed and who types it. */
export interface AutocompleteArrival {
  readonly commandName: string;
  readonly userId: string;
  /** The focused option; null when Discord (or a forged payload) marks none. */
  readonly focused: { readonly name: string; readonly value: unknown } | null;
  readonly subcommand: string | null;
}

/**
 * Suggestions for the option being typed: none for an unknown command, a member over the autocomplete limit, a
 * non-text option, a handler without suggestions, one that fails or one slower than `timeoutMs`. At most 25.
 */
export async function suggest(
  deps: SuggestDeps,
  arrival: AutocompleteArrival,
  contextFor: (def: CommandDefinition) => CommandContext,
): Promise<Choice[]> {
  const def = deps.registry.find(arrival.commandName);
  const admitted = deps.rateLimit.admitAutocomplete(arrival.userId);
  if (!admitted)
    deps.logger.debug({ userId: arrival.userId, command: arrival.commandName }, "autocomplete rate limited");
  const focused = arrival.focused;
  if (!def || !deps.accepting() || !admitted || !focused || typeof focused.value !== "string") return [];
  const ctx = contextFor(def);
  const handler = await deps.registry.handler(def);
  if (!handler.autocomplete) return [];
  let timer: TimerHandle | undefined;
  const timeout = new Promise<Choice[]>((resolve) => {
    timer = deps.clock.setTimeout(() => resolve([]), deps.timeoutMs);
  });
  const choices = await Promise.race([
    handler
      .autocomplete(ctx, { name: focused.name, value: focused.value, subcommand: arrival.subcommand ?? undefined })
      .catch((err: unknown) => {
        ctx.logger.debug({ err }, "autocomplete failed");
        return [];
      }),
    timeout,
  ]);
  if (timer) deps.clock.clearTimeout(timer);
  return choices.slice(0, 25);
}
