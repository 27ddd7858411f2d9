import { usage } from "../args.ts";
import type { Args, CommandContext } from "../types.ts";

export async function run(ctx: CommandContext, args: Args): Promise<void> {
  const wanted = typeof args.command === "string" ? args.command.toLowerCase() : null;
  if (wanted) {
    const def = ctx.catalog.find((d) => d.name === wanted || d.aliases.includes(wanted));
    if (!def) {
      await ctx.reply({ content: "There is no command by that name.", ephemeral: true });
      return;
    }
    const opts = def.options.map((o) => `\`${o.name}\`${o.required ? "" : " (optional)"}: ${o.description}`);
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
  await ctx.reply({
    embeds: [
      {
        title: "Encore commands",
        description: `Use slash commands, or the prefix \`${ctx.prefix === "/" ? "!" : ctx.prefix}\`.`,
        fields: [...groups].map(([name, lines]) => ({
          name: name[0]?.toUpperCase() + name.slice(1),
          value: lines.join("\n").slice(0, 1024),
        })),
      },
    ],
  });
}
