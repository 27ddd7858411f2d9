/**
 * How one language names and describes the slash commands (Discord's `name_localizations` and
 * `description_localizations`). Keys are the commands', subcommands' and options' own names; choices map a choice's
 * value to its shown name. Names follow Discord's rules (lowercase, 1–32 of letters, digits, - and _), descriptions
 * are 1–100 characters; a unit test checks every entry against the command definitions and those rules.
 */
export interface OptionLocalization {
  readonly name: string;
  readonly description: string;
  readonly choices?: Readonly<Record<string, string>>;
}

export interface SubcommandLocalization {
  readonly name: string;
  readonly description: string;
  readonly options?: Readonly<Record<string, OptionLocalization>>;
}

export interface CommandLocalization extends SubcommandLocalization {
  readonly subcommands?: Readonly<Record<string, SubcommandLocalization>>;
}

export type CommandLocalizations = Readonly<Record<string, CommandLocalization>>;
