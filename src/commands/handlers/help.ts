import type { CommandLocalizations } from "../../i18n/commands/types.ts";
import { LANGUAGES } from "../../i18n/translate.ts";
import { usage } from "../args.ts";
import type { HELP_OPTIONS } from "../defs/info.ts";
import type { ArgsOf, CommandContext, CommandDefinition, OptionDef, SubcommandDef } from "../types.ts";

const FIELD_LIMIT = 1024;

/** A command's, subcommand's or option's description in the guild's language (English when it has none). */
function describe(ctx: CommandContext, def: CommandDefinition, sub?: SubcommandDef, opt?: OptionDef): string {
  const commands: CommandLocalizations = LANGUAGES[ctx.lang].commands;
  const local = commands[def.name];
  const subLocal = sub ? local?.subcommands?.[sub.name] : local;
  const text = opt ? subLocal?.options?.[opt.name]?.description : subLocal?.description;
  return text ?? (opt ?? sub ?? def).description;
}

export async function run(ctx: CommandContext, args: ArgsOf<typeof HELP_OPTIONS>): Promise<void> {
  const t = ctx.t;
  const wanted = args.command?.toLowerCase();
  if (wanted) {
    const def = ctx.catalog.find((d) => d.name === wanted || d.aliases.includes(wanted));
    if (!def) {
      await ctx.reply({ content: t("help.noSuchCommand"), ephemeral: true });
      return;
    }
    const opts = def.subcommands
      ? def.subcommands.map((s) => `\`${usage(def, ctx.prefix, s)}\`: ${describe(ctx, def, s)}`)
      : def.options.map(
          (o) => `\`${o.name}\`${o.required ? "" : t("help.optional")}: ${describe(ctx, def, undefined, o)}`,
        );
    const aliases = def.aliases.length
      ? `\n${t("help.aliases", { aliases: def.aliases.map((a) => `\`${a}\``).join(", ") })}`
      : "";
    await ctx.reply(
      `\`${usage(def, ctx.prefix)}\`: ${describe(ctx, def)}${aliases}${opts.length ? `\n${opts.join("\n")}` : ""}`,
    );
    return;
  }
  const groups = new Map<CommandDefinition["category"], string[]>();
  for (const def of ctx.catalog) {
    const list = groups.get(def.category) ?? [];
    list.push(`\`${usage(def, ctx.prefix)}\`: ${describe(ctx, def)}`);
    groups.set(def.category, list);
  }
  const fields: { name: string; value: string }[] = [];
  for (const [category, lines] of groups) {
    const name = t(`help.category.${category}`);
    const more = t("help.more", { name });
    let chunk = "";
    for (const line of lines) {
      if (chunk && chunk.length + line.length + 1 > FIELD_LIMIT) {
        fields.push({ name: fields.at(-1)?.name.startsWith(name) ? more : name, value: chunk });
        chunk = "";
      }
      chunk = chunk ? `${chunk}\n${line}` : line;
    }
    if (chunk) fields.push({ name: fields.at(-1)?.name.startsWith(name) ? more : name, value: chunk });
  }
  const prefix = ctx.prefix === "/" ? (ctx.settings().prefix ?? ctx.defaultPrefix) : ctx.prefix;
  await ctx.reply({
    embeds: [{ title: t("help.title"), description: t("help.description", { prefix }), fields }],
  });
}
