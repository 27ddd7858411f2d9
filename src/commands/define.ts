import type { ArgsOf, CommandDefinition, DeclaredRule, OptionDef } from "./types.ts";

type Input<O extends readonly OptionDef[]> = Omit<CommandDefinition, "aliases" | "options" | "preconditions"> & {
  readonly aliases?: readonly string[];
  readonly options?: O;
  /** Typed by the options: a conditional rule's `when` reads them, and checks that read args need them. */
  readonly preconditions?: readonly DeclaredRule<ArgsOf<O>>[];
};

/** Fills defaults and checks a definition's shape once, at start-up. */
export function defineCommand<const O extends readonly OptionDef[] = readonly []>(input: Input<O>): CommandDefinition {
  const def: CommandDefinition = { aliases: [], options: [], preconditions: [], ...input };
  if (!/^[a-z0-9-]{1,32}$/.test(def.name)) throw new Error(`bad command name "${def.name}"`);
  if (def.description.length < 1 || def.description.length > 100) throw new Error(`bad description for ${def.name}`);
  checkOptions(def.name, def.options);
  if (def.subcommands) {
    if (def.options.length > 0) throw new Error(`${def.name}: a command with subcommands has no options of its own`);
    for (const sub of def.subcommands) {
      if (!/^[a-z0-9-]{1,32}$/.test(sub.name)) throw new Error(`${def.name}: bad subcommand name "${sub.name}"`);
      if (sub.description.length < 1 || sub.description.length > 100)
        throw new Error(`${def.name} ${sub.name}: bad description`);
      checkOptions(`${def.name} ${sub.name}`, sub.options);
    }
    if (def.defaultSubcommand && !def.subcommands.some((s) => s.name === def.defaultSubcommand))
      throw new Error(`${def.name}: unknown default subcommand "${def.defaultSubcommand}"`);
  }
  return Object.freeze(def);
}

function checkOptions(label: string, options: readonly OptionDef[]): void {
  let optionalSeen = false;
  // Attachment options come with the message's files, not its text: they take no place among the words.
  const positional = options.filter((o) => !o.flag && o.type !== "attachment");
  for (const opt of options) {
    if (!opt.required) optionalSeen = true;
    else if (optionalSeen) throw new Error(`${label}: required option "${opt.name}" after an optional one`);
    if (opt.rest && (opt.type !== "string" || positional.indexOf(opt) !== positional.length - 1))
      throw new Error(`${label}: only the last string option may take the rest of the message`);
    if (opt.flag && (opt.type !== "boolean" || opt.required))
      throw new Error(`${label}: only optional boolean options can be --flags`);
  }
}
