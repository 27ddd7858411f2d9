import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Client,
  Interaction,
  Message,
  StringSelectMenuInteraction,
} from "discord.js";
import { coerceOption, usage } from "../commands/args.ts";
import { type PipelineDeps, runCommand } from "../commands/pipeline.ts";
import { slowDownMessage } from "../commands/rate-limit.ts";
import type { ArgValue, CommandContext, CommandDefinition, StatusView } from "../commands/types.ts";
import type { Clock, TimerHandle } from "../core/clock.ts";
import type { MusicService } from "../music/types.ts";
import type { RateLimitGate } from "../ops/refusals.ts";
import type { StatsSnapshot } from "../ops/stats.ts";
import { parseComponentId } from "../render/component-id.ts";
import type { GuildSettings } from "../store/types.ts";
import { attachmentsOf } from "./attachments.ts";
import { prefixArgs, slashArgs, subcommandName } from "./command-args.ts";
import { memberInfo, voiceView } from "./context.ts";
import type { MessageMember } from "./payload-tap.ts";
import { InteractionResponder, MessageResponder, NO_MENTIONS, type Responder, sendDirectMessage } from "./responder.ts";

export interface RouterOptions {
  prefixEnabled: boolean;
  /** Start deferring a slash reply if the command has not answered by then. */
  autoDeferMs: number;
  autocompleteTimeoutMs: number;
}

export interface RouterDeps extends PipelineDeps {
  /** The author member carried by a message's payload (see PayloadTap). */
  readonly messageMember?: (messageId: string) => MessageMember | null;
  readonly music: MusicService;
  readonly clock: Clock;
  /** The prefix in force for a guild (guild setting or the configured default). */
  readonly prefixFor: (guildId: string | null) => string;
  /** The configured default prefix (`PREFIX`). */
  readonly defaultPrefix: string;
  readonly status: () => StatusView;
  readonly settingsFor: (guildId: string | null) => Readonly<GuildSettings>;
  readonly store: CommandContext["store"];
  /** The one per-member limit for commands, buttons, menus and (separately) autocomplete. */
  readonly rateLimit: RateLimitGate;
  /** Every operational figure (the `/stats` command). */
  readonly stats: () => StatsSnapshot;
  readonly readAttachment: CommandContext["readAttachment"];
  readonly limits: CommandContext["limits"];
  /** Request channels (absent: none). */
  readonly requests?: RequestChannelRouting;
  readonly requestControl?: CommandContext["requestChannel"];
}

/** What the router needs from request channels: which channel is one, how replies there behave, the cleanup. */
export interface RequestChannelRouting {
  owns(guildId: string, channelId: string): boolean;
  /** Replies that remove themselves after a while. */
  responder(message: Message): Responder;
  /** The member's message was handled: remove it. */
  consumed(message: Message): void;
}

export { componentId } from "../render/component-id.ts";

const STALE_COMPONENT = "That button or menu no longer works. Run the command again.";

const NO_REQUEST_CHANNELS: CommandContext["requestChannel"] = {
  setUp: async () => {
    throw new Error("request channels are not wired");
  },
  tearDown: async () => false,
};

/** Turns gateway events into command runs through the one pipeline. */
export class CommandRouter {
  private readonly opts: RouterOptions;
  private readonly deps: RouterDeps;
  private accepting = true;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(opts: RouterOptions, deps: RouterDeps) {
    this.opts = opts;
    this.deps = deps;
  }

  /** Stop taking new commands and wait (bounded by the caller) for running ones. */
  async drain(): Promise<void> {
    this.accepting = false;
    await Promise.allSettled([...this.inFlight]);
  }

  attach(client: Client): void {
    client.on("interactionCreate", (i) => this.track(this.onInteraction(client, i)));
    if (this.opts.prefixEnabled) client.on("messageCreate", (m) => this.track(this.onMessage(client, m)));
  }

  private track(p: Promise<void>): void {
    const guarded = p.catch((err: unknown) => this.deps.logger.error({ err }, "event handling failed"));
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }

  private async onInteraction(client: Client, i: Interaction): Promise<void> {
    if (i.isAutocomplete()) return this.onAutocomplete(client, i);
    if (i.isChatInputCommand()) return this.onSlash(client, i);
    if (i.isButton() || i.isStringSelectMenu()) return this.onComponent(client, i);
    // Encore sends no other components and no modals; a forged or stale one is still answered.
    if (i.isRepliable()) await this.answerStale(i);
  }

  /** Answers a component or modal Encore cannot run (forged, or from an older version) so it never shows a failure. */
  private async answerStale(i: Interaction): Promise<void> {
    if (!i.isRepliable() || i.replied || i.deferred) return;
    await i
      .reply({ content: STALE_COMPONENT, flags: 64, allowedMentions: NO_MENTIONS })
      .catch((err: unknown) => this.deps.logger.debug({ err }, "stale component answer failed"));
  }

  private async onSlash(client: Client, i: ChatInputCommandInteraction): Promise<void> {
    const def = this.deps.registry.find(i.commandName);
    if (!def) {
      await i.reply({ content: "That command no longer exists.", flags: 64, allowedMentions: NO_MENTIONS });
      return;
    }
    const responder = new InteractionResponder(i, this.deps.clock, this.opts.autoDeferMs);
    try {
      const ctx = this.context(client, def, "slash", i, responder);
      if (!this.accepting)
        return await ctx.reply({ content: "Encore is restarting; try again in a moment.", ephemeral: true });
      if (!(await this.admit(ctx))) return;
      const read = slashArgs(def, i);
      if (!read.ok) {
        await ctx.reply({ content: `${read.problem}. Usage: \`${read.usage}\``, ephemeral: true });
        return;
      }
      await runCommand(this.deps, ctx, read.args);
    } finally {
      responder.done();
    }
  }

  private async onComponent(client: Client, i: ButtonInteraction | StringSelectMenuInteraction): Promise<void> {
    const parsed = parseComponentId(i.customId);
    const def = parsed ? this.deps.registry.find(parsed.name) : undefined;
    if (!parsed || !def) return this.answerStale(i);
    const responder = new InteractionResponder(i, this.deps.clock, this.opts.autoDeferMs);
    try {
      const source = i.isStringSelectMenu() ? "select" : "button";
      const ctx = this.context(client, def, source, i, responder);
      if (!this.accepting)
        return await ctx.reply({ content: "Encore is restarting; try again in a moment.", ephemeral: true });
      if (!(await this.admit(ctx))) return;
      const args = componentArgs(def, parsed.args, source);
      if (!args) return await ctx.reply({ content: STALE_COMPONENT, ephemeral: true });
      if (i.isStringSelectMenu()) args.values = i.values.join("\n");
      await runCommand(this.deps, ctx, args);
    } finally {
      responder.done();
    }
  }

  private async onAutocomplete(client: Client, i: AutocompleteInteraction): Promise<void> {
    const def = this.deps.registry.find(i.commandName);
    const focused = focusedOption(i);
    let choices: { name: string; value: string }[] = [];
    const admitted = this.deps.rateLimit.admitAutocomplete(i.user.id);
    if (!admitted) this.deps.logger.debug({ userId: i.user.id, command: i.commandName }, "autocomplete rate limited");
    if (def && this.accepting && admitted && focused && typeof focused.value === "string") {
      const ctx = this.context(client, def, "slash", i, { reply: async () => {}, defer: async () => {}, done() {} });
      const handler = await this.deps.registry.handler(def);
      if (handler.autocomplete) {
        let timer: TimerHandle | undefined;
        const timeout = new Promise<never[]>((resolve) => {
          timer = this.deps.clock.setTimeout(() => resolve([]), this.opts.autocompleteTimeoutMs);
        });
        choices = await Promise.race([
          handler
            .autocomplete(ctx, { name: focused.name, value: focused.value, subcommand: subcommandName(i) ?? undefined })
            .catch((err: unknown) => {
              ctx.logger.debug({ err }, "autocomplete failed");
              return [];
            }),
          timeout,
        ]);
        if (timer) this.deps.clock.clearTimeout(timer);
      }
    }
    await i
      .respond(choices.slice(0, 25))
      .catch((err: unknown) => this.deps.logger.debug({ err }, "autocomplete expired"));
  }

  private async onMessage(client: Client, m: Message): Promise<void> {
    if (m.author.bot || !m.inGuild() || !client.user) return;
    const requests = this.deps.requests?.owns(m.guildId, m.channelId) ? this.deps.requests : null;
    if (!requests) return this.onPrefixMessage(client, m, new MessageResponder(client.rest, m.channelId, m.id), false);
    // A request channel: commands run as anywhere, any other message is a play request; then it is cleaned up.
    try {
      await this.onPrefixMessage(client, m, requests.responder(m), true);
    } finally {
      requests.consumed(m);
    }
  }

  /** A prefix command; with `plainIsPlay` (request channels) any other text is a `play` request. */
  private async onPrefixMessage(
    client: Client,
    m: Message<true>,
    responder: Responder,
    plainIsPlay: boolean,
  ): Promise<void> {
    const prefix = this.deps.prefixFor(m.guildId);
    const mention = new RegExp(`^<@!?${client.user?.id ?? "-"}>\\s*`);
    let body: string;
    if (m.content.startsWith(prefix)) body = m.content.slice(prefix.length);
    else if (mention.test(m.content)) body = m.content.replace(mention, "");
    else if (!plainIsPlay || !m.content.trim()) return;
    else body = `play ${m.content}`;
    const match = body.match(/^(\S+)\s*([\s\S]*)$/);
    if (!match?.[1]) return;
    const def = this.deps.registry.find(match[1]);
    if (!def) return;
    const ctx = this.context(client, def, "prefix", m, responder);
    if (!this.accepting) return ctx.reply("Encore is restarting; try again in a moment.");
    if (!(await this.admit(ctx))) return;
    const read = prefixArgs(def, match[2] ?? "", prefix);
    const fileOption = def.options.find((o) => o.type === "attachment");
    if (read.ok && fileOption) {
      const [file] = ctx.attachments;
      if (file) read.args[fileOption.name] = file.id;
      else if (fileOption.required) {
        await ctx.reply(`Attach the ${fileOption.name}. Usage: \`${usage(def, prefix)}\``);
        return;
      }
    }
    if (!read.ok) {
      await ctx.reply(`${read.problem}. Usage: \`${read.usage}\``);
      return;
    }
    await runCommand(this.deps, ctx, read.args);
  }

  /**
   * Applies the per-member rate limit. A refused interaction is always answered (privately); a refused prefix
   * message is answered once per window and ignored after that.
   */
  private async admit(ctx: CommandContext): Promise<boolean> {
    const admission = this.deps.rateLimit.admit(ctx.user.id);
    if (admission.kind === "run") return true;
    this.deps.onOutcome?.(ctx.command.name, "rate-limited");
    const interaction = ctx.source !== "prefix";
    if (interaction || admission.notify) {
      await ctx.reply({ content: slowDownMessage(admission.retryAfterMs), ephemeral: true });
    }
    ctx.logger.debug(
      { retryAfterMs: admission.retryAfterMs, answered: interaction || admission.notify },
      "rate limited",
    );
    return false;
  }

  private context(
    client: Client,
    def: CommandDefinition,
    source: CommandContext["source"],
    origin: Interaction | Message,
    responder: Responder,
  ): CommandContext {
    const guild = origin.guild ?? null;
    const user = "author" in origin ? origin.author : origin.user;
    // Members are not cached: a message's author member comes from its payload, an interaction's with it.
    const member = "author" in origin ? (origin.member ?? this.deps.messageMember?.(origin.id) ?? null) : origin.member;
    const permissions = "author" in origin ? null : origin.memberPermissions;
    const botId = client.user?.id ?? "";
    const channelId = origin.channelId ?? "";
    return {
      source,
      command: def,
      guildId: guild?.id ?? null,
      channelId,
      user: { id: user.id, username: user.username },
      member: memberInfo(guild, user.id, member ?? null, permissions),
      prefix: source === "prefix" ? this.deps.prefixFor(guild?.id ?? null) : "/",
      defaultPrefix: this.deps.defaultPrefix,
      voice: voiceView(guild, user.id, botId, this.deps.music),
      music: this.deps.music,
      logger: this.deps.logger.child({ guildId: guild?.id, command: def.name, source, userId: user.id }),
      catalog: this.deps.registry.definitions,
      status: this.deps.status,
      stats: this.deps.stats,
      settings: () => this.deps.settingsFor(guild?.id ?? null),
      store: this.deps.store,
      now: () => this.deps.clock.now(),
      dm: (p) => sendDirectMessage(client, user.id, p),
      reply: (p) => responder.reply(p),
      defer: () => responder.defer(),
      attachments: attachmentsOf(origin),
      readAttachment: this.deps.readAttachment,
      limits: this.deps.limits,
      requestChannel: this.deps.requestControl ?? NO_REQUEST_CHANNELS,
    };
  }
}

/** The option the member is typing in; null when Discord (or a forged payload) marks none as focused. */
function focusedOption(i: AutocompleteInteraction): { name: string; value: unknown } | null {
  try {
    return i.options.getFocused(true);
  } catch {
    return null;
  }
}

/**
 * Arguments carried by a component's custom id: the command's own options (those of the subcommand it names, or of
 * the default one) are coerced and bounded exactly like slash and prefix arguments; other scalar keys (page tokens,
 * menu ids) pass through. Null when an option is invalid or missing, or the subcommand unknown.
 */
function componentArgs(
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
