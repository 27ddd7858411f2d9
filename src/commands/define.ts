import type { CommandDefinition } from "./types.ts";

type Input = Omit<CommandDefinition, "aliases" | "options" | "preconditions"> &
  Partial<Pick<CommandDefinition, "aliases" | "options" | "preconditions">>;

/** Fills defaults and checks a definition's shape once, at start-up. */
export function defineCommand(input: Input): CommandDefinition {
  const def: CommandDefinition = { aliases: [], options: [], preconditions: [], ...input };
  if (!/^[a-z0-9-]{1,32}$/.test(def.name)) throw new Error(`bad command name "${def.name}"`);
  if (def.description.length < 1 || def.description.length > 100) throw new Error(`bad description for ${def.name}`);
  let optionalSeen = false;
  for (const opt of def.options) {
    if (!opt.required) optionalSeen = true;
    else if (optionalSeen) throw new Error(`${def.name}: required option "${opt.name}" after an optional one`);
    const positional = def.options.filter((o) => !o.flag);
    if (opt.rest && (opt.type !== "string" || positional.indexOf(opt) !== positional.length - 1))
      throw new Error(`${def.name}: only the last string option may take the rest of the message`);
    if (opt.flag && (opt.type !== "boolean" || opt.required))
      throw new Error(`${def.name}: only optional boolean options can be --flags`);
  }
  return Object.freeze(def);
}
