import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandDefinition, OptionDef } from "../commands/types.ts";
import type { CommandLocalization, OptionLocalization } from "../i18n/commands/types.ts";
import { LANGUAGE_CODES, LANGUAGES } from "../i18n/translate.ts";

type Localizations = Partial<Record<string, string>>;

/** A field in every language that has it, keyed by Discord locale; undefined when no language has it. */
function localized(pick: (language: (typeof LANGUAGES)[keyof typeof LANGUAGES]) => string | undefined) {
  const out: Localizations = {};
  for (const code of LANGUAGE_CODES) {
    const language = LANGUAGES[code];
    const value = pick(language);
    if (value === undefined) continue;
    for (const locale of language.discordLocales) out[locale] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `name_localizations` and `description_localizations` of one command, subcommand or option. */
function localizationsOf(
  pick: (commands: Readonly<Record<string, CommandLocalization>>) => OptionLocalization | undefined,
) {
  const names = localized((l) => pick(l.commands)?.name);
  const descriptions = localized((l) => pick(l.commands)?.description);
  return {
    ...(names ? { name_localizations: names } : {}),
    ...(descriptions ? { description_localizations: descriptions } : {}),
  };
}

const typeOf: Record<OptionDef["type"], ApplicationCommandOptionType> = {
  string: ApplicationCommandOptionType.String,
  duration: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
  user: ApplicationCommandOptionType.User,
  attachment: ApplicationCommandOptionType.Attachment,
};

type OptionPick = (commands: Readonly<Record<string, CommandLocalization>>) => OptionLocalization | undefined;

function optionJson(opt: OptionDef, pick: OptionPick): APIApplicationCommandBasicOption {
  const base = {
    name: opt.name,
    ...localizationsOf(pick),
    description: opt.description,
    required: opt.required ?? false,
  };
  switch (opt.type) {
    case "string":
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(opt.min !== undefined ? { min_length: opt.min } : {}),
        ...(opt.max !== undefined ? { max_length: opt.max } : {}),
        ...(opt.choices
          ? {
              choices: opt.choices.map((c) => {
                const names = localized((l) => pick(l.commands)?.choices?.[c]);
                return { name: c, ...(names ? { name_localizations: names } : {}), value: c };
              }),
            }
          : {}),
        ...(opt.autocomplete ? { autocomplete: true } : {}),
      } as APIApplicationCommandBasicOption;
    case "duration":
      return { ...base, type: ApplicationCommandOptionType.String, max_length: 16 };
    case "integer":
    case "number":
      return {
        ...base,
        type: typeOf[opt.type],
        ...(opt.min !== undefined ? { min_value: opt.min } : {}),
        ...(opt.max !== undefined ? { max_value: opt.max } : {}),
      } as APIApplicationCommandBasicOption;
    case "boolean":
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case "user":
      return { ...base, type: ApplicationCommandOptionType.User };
    case "attachment":
      return { ...base, type: ApplicationCommandOptionType.Attachment };
  }
}

/** The slash command JSON Discord stores for a definition. Guild-only: music needs a voice channel. */
export function slashJson(def: CommandDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const command = (c: Readonly<Record<string, CommandLocalization>>) => c[def.name];
  return {
    type: ApplicationCommandType.ChatInput,
    name: def.name,
    ...localizationsOf(command),
    description: def.description,
    options: def.subcommands
      ? def.subcommands.map((sub) => {
          const subcommand = (c: Readonly<Record<string, CommandLocalization>>) => command(c)?.subcommands?.[sub.name];
          return {
            type: ApplicationCommandOptionType.Subcommand,
            name: sub.name,
            ...localizationsOf(subcommand),
            description: sub.description,
            options: sub.options.map((o) => optionJson(o, (c) => subcommand(c)?.options?.[o.name])),
          };
        })
      : def.options.map((o) => optionJson(o, (c) => command(c)?.options?.[o.name])),
    contexts: [InteractionContextType.Guild],
  };
}
