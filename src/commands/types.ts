import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from "discord.js";
import type { Logger } from "../core/logger.ts";
import type { Language, Translate } from "../i18n/translate.ts";
import type { MusicService } from "../music/types.ts";
import type { StatsSnapshot } from "../ops/stats.ts";
import type { GuildSettings, PlaylistStore, SettingsStore } from "../store/types.ts";

export type OptionType = "string" | "integer" | "number" | "boolean" | "duration" | "user" | "attachment";

/** One typed option; the same definition drives slash options and prefix argument parsing. */
export interface OptionDef {
  readonly name: string;
  readonly description: string;
  readonly type: OptionType;
  readonly required?: boolean;
  /** Inclusive bounds: value bounds for numbers, length bounds for strings, milliseconds for durations. */
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  readonly autocomplete?: boolean;
  /** Prefix form: this (last) string option takes the rest of the message. */
  readonly rest?: boolean;
  /** Prefix form of a boolean option: written `--name` anywhere after the command (e.g. `!play <link> --shuffle`). */
  readonly flag?: boolean;
}

/**
 * A slash subcommand (`/playlist add`) with its own options; the prefix form reads its name as the first word
 * (`!playlist add mix current`). The handler receives the subcommand's name as `args.subcommand`.
 */
export interface SubcommandDef {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionDef[];
  /** Checks for this subcommand only, after the command's own (`playlist load` needs voice; `playlist list` not). */
  readonly preconditions?: readonly DeclaredRule<Args>[];
}

export type ArgValue = string | number | boolean;

/** A file a member attached: to a slash option, or to the message of a prefix command. Its arg value is `id`. */
export interface AttachmentRef {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  /** As Discord reports it, in bytes. */
  readonly size: number;
  readonly contentType: string | null;
}

export interface RequestChannelControl {
  /**
   * Makes `channelId` the guild's request channel and posts its player message there (replacing an earlier one).
   * @returns whether Encore can clean up members' messages there (Manage Messages)
   * @throws UserError SETUP_FAILED when the player message cannot be posted there
   */
  setUp(guildId: string, channelId: string): Promise<{ canCleanUp: boolean }>;
  /** Ends the guild's request channel and deletes its player message. @returns false when there was none */
  tearDown(guildId: string): Promise<boolean>;
}

export interface CommandLimits {
  /** Largest queue file `import` reads, in bytes (QUEUE_IMPORT_MAX_BYTES). */
  readonly queueImportMaxBytes: number;
  /** Most tracks one import (like one playlist link) adds (MAX_PLAYLIST_TRACKS). */
  readonly maxImportTracks: number;
}

/** A file to send with a reply. */
export interface ReplyFile {
  readonly name: string;
  readonly data: Buffer;
}
export type Args = Readonly<Record<string, ArgValue | undefined>>;

/** The value an option arrives as after parsing: numbers for integer/number/duration, ids for users and files. */
type ValueOf<O extends OptionDef> = O extends { readonly choices: readonly (infer C extends string)[] }
  ? C
  : O["type"] extends "integer" | "number" | "duration"
    ? number
    : O["type"] extends "boolean"
      ? boolean
      : string;

/**
 * The typed `args` of a list of option declarations: required options present, the others optional. A handler
 * types its `args` from the options its command declares (`args: ArgsOf<typeof MOVE_OPTIONS>`); every way a
 * command arrives coerces and bounds its options the same way before the handler runs.
 */
export type ArgsOf<Opts extends readonly OptionDef[]> = {
  readonly [O in Opts[number] as O extends { readonly required: true } ? O["name"] : never]: ValueOf<O>;
} & {
  readonly [O in Opts[number] as O extends { readonly required: true } ? never : O["name"]]?: ValueOf<O>;
};

/**
 * The typed `args` of a command with subcommands: one member per subcommand, told apart by `subcommand` (which
 * every way a command arrives sets, the default subcommand when none is named), so a `switch` narrows the options.
 */
export type SubcommandArgsOf<Subs extends readonly SubcommandDef[]> = Subs[number] extends infer S
  ? S extends SubcommandDef
    ? { readonly subcommand: S["name"] } & ArgsOf<S["options"]>
    : never
  : never;

/** A command context after guildOnly (which every voice check implies) ran: the guild is known. */
export type GuildContext = CommandContext & { readonly guildId: string };

export type PreconditionName =
  | "guildOnly"
  | "inVoice"
  | "sameVoice"
  | "playerActive"
  | "canControl"
  | "manageServer"
  | "joinable"
  | "djMode"
  | "removeRights"
  | "othersNeedDj"
  | "movingListenersNeedsDj";

/**
 * The args the checks that read a command's options need, typed like a handler's: a command may declare such a
 * check only when its own options give it these args (`remove <positions>`, `removeuser <member>`).
 */
export interface PreconditionArgs {
  readonly removeRights: { readonly positions: string };
  readonly othersNeedDj: { readonly member: string };
}

/** What a check reads of the args: its `PreconditionArgs` entry; nothing (`unknown`) for the others. */
export type ArgsOfCheck<N extends PreconditionName> = N extends keyof PreconditionArgs ? PreconditionArgs[N] : unknown;

/** The checks a command whose typed args are `A` may declare. */
export type CheckFor<A> = { [N in PreconditionName]: A extends ArgsOfCheck<N> ? N : never }[PreconditionName];

/**
 * A check that applies only to some uses of a command (`volume 50` needs control rights, `volume` alone does not),
 * decided on the command's typed args.
 */
export interface ConditionalPrecondition<A = Args> {
  readonly check: CheckFor<A>;
  // A method, so a rule typed by its command's options is held among every command's rules (as handlers are).
  when(args: A): boolean;
}

/** What a command whose typed args are `A` declares (see `defineCommand`). */
export type DeclaredRule<A> = CheckFor<A> | ConditionalPrecondition<A>;

/** A rule as a definition holds it; the pipeline enforces it for slash, prefix, buttons and menus alike. */
export type PreconditionRule = PreconditionName | { readonly check: PreconditionName; when(args: Args): boolean };

export interface CommandHandler {
  run(ctx: CommandContext, args: Args): Promise<void>;
  /** Suggestions for the option being typed (`subcommand` is set for commands with subcommands). */
  autocomplete?(ctx: CommandContext, focused: FocusedOption): Promise<Choice[]>;
}

export interface FocusedOption {
  readonly name: string;
  readonly value: string;
  readonly subcommand?: string;
}

export interface Choice {
  readonly name: string;
  readonly value: string;
}

/** A command's data plus a lazy loader for its handler module. */
export interface CommandDefinition {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly category: "music" | "queue" | "effects" | "info";
  /** Options of a command without subcommands (empty when it has subcommands). */
  readonly options: readonly OptionDef[];
  /** Slash subcommands; the command then takes no options of its own. */
  readonly subcommands?: readonly SubcommandDef[];
  /** The subcommand a bare prefix command runs (`!playlist` lists). */
  readonly defaultSubcommand?: string;
  readonly preconditions: readonly PreconditionRule[];
  /**
   * The command offers a select menu (search): its picks come back as select interactions that carry the menu's own
   * state instead of the command's options. A select menu for any other command is stale or forged.
   */
  readonly selectMenu?: boolean;
  /** Slash replies are deferred before run() when the handler talks to a node first. */
  readonly defer?: boolean;
  readonly load: () => Promise<CommandHandler>;
}

export type ReplyPayload =
  | string
  | {
      content?: string;
      embeds?: APIEmbed[];
      components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
      ephemeral?: boolean;
      /**
       * From a button or select menu: replace the message the component is on instead of answering with a new
       * one (queue pages, search picks). Ignored for slash and prefix commands.
       */
      update?: boolean;
      files?: ReplyFile[];
    };

export interface MemberInfo {
  readonly roleIds: readonly string[];
  readonly roleNames: readonly string[];
  /** Permission bitfield of the member in the channel (as Discord computes it). */
  readonly permissions: bigint;
  readonly isOwner: boolean;
}

export interface VoiceView {
  /** The invoking member's voice channel in this guild. */
  userChannelId(): string | null;
  /** The bot's voice channel in this guild. */
  botChannelId(): string | null;
  /** Ids of the members (not bots) in the bot's voice channel. */
  listenerIds(): string[];
  /**
   * How the bot could speak in a channel: null for a plain voice channel (or an unknown one); for a stage channel,
   * "speaker" when it may unsuppress itself (Mute Members), "request" when it may only ask to speak, "none" when
   * it can do neither.
   */
  stageRight(channelId: string): "speaker" | "request" | "none" | null;
}

export interface StatusView {
  readonly gatewayPingMs: number;
  /** Which engine new players start on, and what the embedded engine has to work with. */
  readonly engine: {
    readonly current: "lavalink" | "embedded";
    readonly fallback: boolean;
    readonly ffmpeg: boolean;
    readonly ytDlp: boolean;
    readonly embeddedPlayers: number;
  };
  /** True after Discord refused the Message Content intent: Encore then runs with slash commands only. */
  readonly messageContentRefused: boolean;
  readonly nodes: readonly {
    readonly id: string;
    readonly connected: boolean;
    readonly players: number;
    /** What makes the node unfit (too old for Discord voice, no link or search source); empty when fine. */
    readonly problems: readonly string[];
    /** Worth knowing, not a fault (searches use another source than the configured one). */
    readonly notes?: readonly string[];
    /** "Lavalink 4.2.2", "NodeLink 3.0.1"; null before the node first connected. */
    readonly server?: string | null;
    /** The node loads links. */
    readonly links?: boolean;
    /** The source plain searches use first on this node ("SoundCloud"); null when it has none. */
    readonly search?: string | null;
    /** What the node's plugins add ("Spotify, Deezer (LavaSrc)", "SponsorBlock", "lyrics (LavaLyrics)"). */
    readonly plugins?: readonly string[];
  }[];
}

export interface CommandContext {
  readonly source: "slash" | "prefix" | "button" | "select";
  readonly command: CommandDefinition;
  readonly guildId: string | null;
  readonly channelId: string;
  readonly user: { readonly id: string; readonly username: string };
  readonly member: MemberInfo | null;
  readonly prefix: string;
  /** The configured default prefix (`PREFIX`), whatever this guild uses. */
  readonly defaultPrefix: string;
  readonly voice: VoiceView;
  readonly music: MusicService;
  readonly logger: Logger;
  /** Every command definition, for help. */
  readonly catalog: readonly CommandDefinition[];
  status(): StatusView;
  /** Every operational figure, the same snapshot `/metrics` renders (uptime, memory, nodes, caches…). */
  stats(): StatsSnapshot;
  /** The language this guild is answered in (its setting, else its Discord language, else DEFAULT_LANGUAGE). */
  readonly lang: Language;
  /** Says a catalogue message in {@link lang}: `ctx.t("refusal.noPlayer")`. Every text a member sees goes through it. */
  readonly t: Translate;
  /** The language this guild would speak without its own setting (its Discord language, else DEFAULT_LANGUAGE). */
  readonly defaultLanguage: Language;
  /** The guild's settings (defaults outside a guild). */
  settings(): Readonly<GuildSettings>;
  /** Persistent stores: guild settings and the invoking user's playlists. */
  readonly store: { readonly settings: SettingsStore; readonly playlists: PlaylistStore };
  reply(payload: ReplyPayload): Promise<void>;
  /** Files the member attached (slash attachment options, or the prefix command's message). */
  readonly attachments: readonly AttachmentRef[];
  /**
   * Downloads an attachment from Discord's CDN (no other host), refusing files over `maxBytes` before and while
   * reading. @throws UserError FILE_TOO_LARGE, BAD_FILE
   */
  readAttachment(ref: AttachmentRef, maxBytes: number): Promise<Buffer>;
  /** Operator limits commands apply themselves. */
  readonly limits: CommandLimits;
  /** The guild's request channel (`setup`). */
  readonly requestChannel: RequestChannelControl;
  /** Sends the invoking user a direct message. @throws UserError DM_CLOSED when they do not accept DMs */
  dm(payload: ReplyPayload): Promise<void>;
  /** Current time (ms since the epoch) from the app's clock. */
  now(): number;
  /** Tell Discord an answer is coming (slash: deferred reply; prefix: typing indicator). */
  defer(): Promise<void>;
}
