import { usage } from "../args.ts";
import type { HELP_OPTIONS } from "../defs/info.ts";
import type { ArgsOf, CommandContext } from "../types.ts";

const FIELD_LIMIT = 1024;
const TITLES: Record<string, string> = { music: "Music", queue: "Queue", effects: "Effects", info: "Info" };

export async function run(ctx: CommandContext, args: ArgsOf<typeof HELP_OPTIONS>): Promise<void> {
  const wanted = args.command?.toLowerCase();
  if (wanted) {
    const def = ctx.catalog.find((d) => d.name === wanted || d.aliases.includes(wanted));
    if (!def) {
      await ctx.reply({ content: "There is no command by that name.", ephemeral: true });
      return;
    }
    const opts = def.subcommands
      ? def.subcommands.map((s) => `\`${usage(def, ctx.prefix, s)}\`: ${s.description}`)
      : def.options.map((o) => `\`${o.name}\`${o.required ? "" : " (optional)"}: ${o.description}`);
    const aliases = def.aliases.length ? `\nAliases: ${def.aliases.map((a) => `\`${a}\``).join(", ")}` : "";
    await ctx.reply(
      `\`${usage(def, ctx.prefix)}\`: ${def.description}${aliases}${opts.length ? `\n${opts.join("\n")}` : ""}`,
    );
    return;
  }
  const groups = new Map<string, string[]>();
  for (const def of ctx.catalog) {
    const list = groups.get(def.category) ?? [];
    list.push(`\`${usage(def, ctx.prefix)}\`: ${def.description}`);
    groups.set(def.category, list);
  }
  const fields: { name: string; value: string }[] = [];
  for (const [category, lines] of groups) {
    const name = TITLES[category] ?? category;
    let chunk = "";
    for (const line of lines) {
      if (chunk && chunk.length + line.length + 1 > FIELD_LIMIT) {
        fields.push({ name: fields.at(-1)?.name.startsWith(name) ? `${name} (more)` : name, value: chunk });
        chunk = "";
      }
      chunk = chunk ? `${chunk}\n${line}` : line;
    }
    if (chunk) fields.push({ name: fields.at(-1)?.name.startsWith(name) ? `${name} (more)` : name, value: chunk });
  }
  await ctx.reply({
    embeds: [
      {
        title: "Encore commands",
        description: `Use slash commands, or the prefix \`${ctx.prefix === "/" ? (ctx.settings().prefix ?? ctx.defaultPrefix) : ctx.prefix}\`. \`help <command>\` shows a command's options and aliases.`,
        fields,
      },
    ],
  });
}
