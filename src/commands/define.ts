import type { CommandDefinition } from "./types.ts";

type Input = Omit<CommandDefinition, "aliases" | "options" | "preconditions"> &
  Partial<Pick<CommandDefinition, "aliases" | "options" | "preconditions">>;

/** Fills defaults and checks a definition's shape once, at start-up. */
export function defineCommand(input: Input): CommandDefinition {
  const def: CommandDefinition = { aliases: [], options: [], preconditions: [], ...input };
  if (!/^[a-z0-9-]{1,32}$/.test(def.name)) throw new Error(`bad command name "${def.name}"`);
  if (def.description.length < 1 || def.description.length > 100) throw new Error(`bad description for ${def.name}`);
  let optionalSeen = false;
  for (const [i, opt] of def.options.entries()) {
    if (!opt.required) optionalSeen = true;
    else if (optionalSeen) throw new Error(`${def.name}: required option "${opt.name}" after an optional one`);
    if (opt.rest && (opt.type !== "string" || i !== def.options.length - 1))
      throw new Error(`${def.name}: only the last string option may take the rest of the message`);
  }
  return Object.freeze(def);
}
