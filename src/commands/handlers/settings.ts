import { UserError } from "../../core/errors.ts";
import { SETTINGS } from "../settings-keys.ts";
import type { Args, CommandContext } from "../types.ts";

export async function run(ctx: CommandContext, args: Args): Promise<void> {
  const guildId = ctx.guildId ?? "";
  const action = String(args.action ?? "show");
  const store = ctx.store.settings;
  const defaults = { prefix: ctx.prefix === "/" ? "!" : ctx.prefix };
  if (action === "show") {
    const s = store.get(guildId);
    const lines = SETTINGS.map((spec) => `**${spec.label}**: ${spec.show(s, defaults)}`);
    await ctx.reply({ embeds: [{ title: "Server settings", description: lines.join("\n") }] });
    return;
  }
  const spec = SETTINGS.find((x) => x.label === args.key);
  if (!spec) {
    throw new UserError("BAD_ARGUMENT", `Name a setting: ${SETTINGS.map((x) => `\`${x.label}\``).join(", ")}.`);
  }
  if (action === "reset") {
    const s = store.reset(guildId, spec.key);
    await ctx.reply(`Reset **${spec.label}** to ${spec.show(s, defaults)}.`);
    return;
  }
  const text = typeof args.value === "string" ? args.value.trim() : "";
  if (!text) throw new UserError("BAD_ARGUMENT", `Give a value for **${spec.label}**.`);
  const s = store.update(guildId, { [spec.key]: spec.parse(text) });
  await ctx.reply(`Set **${spec.label}** to ${spec.show(s, defaults)}.`);
}
