import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Client,
  Interaction,
  Message,
  StringSelectMenuInteraction,
} from "discord.js";
import type { PipelineDeps } from "../commands/pipeline.ts";
import type { CommandContext, CommandDefinition, StatusView } from "../commands/types.ts";
import type { Clock } from "../core/clock.ts";
import { type Language, translator } from "../i18n/translate.ts";
import type { MusicService } from "../music/types.ts";
import type { RateLimitGate } from "../ops/refusals.ts";
import type { StatsSnapshot } from "../ops/stats.ts";
import type { GuildSettings } from "../store/types.ts";
import { attachmentsOf } from "./attachments.ts";
import { subcommandName } from "./command-args.ts";
import { memberInfo, voiceView } from "./context.ts";
import type { MessageMember } from "./payload-tap.ts";
import { InteractionResponder, MessageResponder, NO_MENTIONS, type Responder, sendDirectMessage } from "./responder.ts";
import {
  type DispatchDeps,
  dispatch,
  type Route,
  routeComponent,
  routeMessage,
  routeSlash,
  suggest,
} from "./routing.ts";

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
  /** The language a guild is answered in (see pickLanguage). */
  readonly languageFor: (guildId: string | null, setting?: Language | null) => Language;
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

const NO_REQUEST_CHANNELS: CommandContext["requestChannel"] = {
  setUp: async () => {
    throw new Error("request channels are not wired");
  },
  tearDown: async () => false,
};

/**
 * Turns gateway events into command runs through the one pipeline: it reads interactions and messages into plain
 * arrivals, lets `routing.ts` decide where they go, and builds each run's context.
 */
export class CommandRouter {
  private readonly opts: RouterOptions;
  private readonly deps: RouterDeps;
  private readonly dispatchDeps: DispatchDeps;
  private accepting = true;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(opts: RouterOptions, deps: RouterDeps) {
    this.opts = opts;
    this.deps = deps;
    this.dispatchDeps = { ...deps, accepting: () => this.accepting };
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
    const t = translator(this.deps.languageFor(i.guildId));
    await i
      .reply({ content: t("router.stale"), flags: 64, allowedMentions: NO_MENTIONS })
      .catch((err: unknown) => this.deps.logger.debug({ err }, "stale component answer failed"));
  }

  private async onSlash(client: Client, i: ChatInputCommandInteraction): Promise<void> {
    const route = routeSlash(this.deps.registry, {
      commandName: i.commandName,
      subcommand: subcommandName(i),
      option: (name) => i.options.get(name)?.value,
    });
    if (route.kind !== "command") {
      const t = translator(this.deps.languageFor(i.guildId));
      await i.reply({ content: t("router.unknownCommand"), flags: 64, allowedMentions: NO_MENTIONS });
      return;
    }
    await this.runRoute(client, route, "slash", i, new InteractionResponder(i, this.deps.clock, this.opts.autoDeferMs));
  }

  private async onComponent(client: Client, i: ButtonInteraction | StringSelectMenuInteraction): Promise<void> {
    const source = i.isStringSelectMenu() ? "select" : "button";
    const route = routeComponent(this.deps.registry, {
      source,
      customId: i.customId,
      ...(i.isStringSelectMenu() ? { values: i.values } : {}),
    });
    if (route.kind !== "command") return this.answerStale(i);
    await this.runRoute(client, route, source, i, new InteractionResponder(i, this.deps.clock, this.opts.autoDeferMs));
  }

  private async runRoute(
    client: Client,
    route: Extract<Route, { kind: "command" }>,
    source: CommandContext["source"],
    origin: Interaction | Message,
    responder: Responder,
  ): Promise<void> {
    try {
      await dispatch(this.dispatchDeps, this.context(client, route.def, source, origin, responder), route.args);
    } finally {
      responder.done();
    }
  }

  private async onAutocomplete(client: Client, i: AutocompleteInteraction): Promise<void> {
    const silent: Responder = { reply: async () => {}, defer: async () => {}, done() {} };
    const choices = await suggest(
      {
        registry: this.deps.registry,
        rateLimit: this.deps.rateLimit,
        accepting: () => this.accepting,
        clock: this.deps.clock,
        timeoutMs: this.opts.autocompleteTimeoutMs,
        logger: this.deps.logger,
      },
      { commandName: i.commandName, userId: i.user.id, focused: focusedOption(i), subcommand: subcommandName(i) },
      (def) => this.context(client, def, "slash", i, silent),
    );
    await i.respond(choices).catch((err: unknown) => this.deps.logger.debug({ err }, "autocomplete expired"));
  }

  private async onMessage(client: Client, m: Message): Promise<void> {
    if (m.author.bot || !m.inGuild() || !client.user) return;
    const requests = this.deps.requests?.owns(m.guildId, m.channelId) ? this.deps.requests : null;
    if (!requests)
      return this.onPrefixMessage(client, m, () => new MessageResponder(client.rest, m.channelId, m.id), false);
    // A request channel: commands run as anywhere, any other message is a play request; then it is cleaned up.
    try {
      await this.onPrefixMessage(client, m, () => requests.responder(m), true);
    } finally {
      requests.consumed(m);
    }
  }

  /** A prefix command; with `plainIsPlay` (request channels) any other text is a `play` request. */
  private async onPrefixMessage(
    client: Client,
    m: Message<true>,
    responder: () => Responder,
    plainIsPlay: boolean,
  ): Promise<void> {
    const route = routeMessage(this.deps.registry, {
      content: m.content,
      prefix: this.deps.prefixFor(m.guildId),
      botId: client.user?.id ?? "-",
      plainIsPlay,
      attachmentIds: [...m.attachments.keys()],
    });
    if (route.kind !== "command") return;
    await this.runRoute(client, route, "prefix", m, responder());
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
    const lang = this.deps.languageFor(guild?.id ?? null);
    // The request's logger is made on first use: most commands log nothing, and a pino child costs every command
    // a copy and redaction of its bindings.
    let logger: CommandContext["logger"] | null = null;
    const parentLogger = this.deps.logger;
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
      get logger() {
        logger ??= parentLogger.child({ guildId: guild?.id, command: def.name, source, userId: user.id });
        return logger;
      },
      catalog: this.deps.registry.definitions,
      status: this.deps.status,
      stats: this.deps.stats,
      lang,
      t: translator(lang),
      defaultLanguage: this.deps.languageFor(guild?.id ?? null, null),
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
