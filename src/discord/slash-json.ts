import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandDefinition, OptionDef } from "../commands/types.ts";

const typeOf: Record<OptionDef["type"], ApplicationCommandOptionType> = {
  string: ApplicationCommandOptionType.String,
  duration: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
  user: ApplicationCommandOptionType.User,
  attachment: ApplicationCommandOptionType.Attachment,
};

function optionJson(opt: OptionDef): APIApplicationCommandBasicOption {
  const base = {
    name: opt.name,
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
        ...(opt.choices ? { choices: opt.choices.map((c) => ({ name: c, value: c })) } : {}),
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
  return {
    type: ApplicationCommandType.ChatInput,
    name: def.name,
    description: def.description,
    options: def.subcommands
      ? def.subcommands.map((sub) => ({
          type: ApplicationCommandOptionType.Subcommand,
          name: sub.name,
          description: sub.description,
          options: sub.options.map(optionJson),
        }))
      : def.options.map(optionJson),
    contexts: [InteractionContextType.Guild],
  };
}
