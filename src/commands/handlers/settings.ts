import { UserError } from "../../core/errors.ts";
import type { SETTINGS_SUBCOMMANDS } from "../defs/state.ts";
import { SETTINGS } from "../settings-keys.ts";
import type { Choice, FocusedOption, GuildContext, SubcommandArgsOf } from "../types.ts";

/** `settings show|set|reset`: this server's settings (Manage Server). */
export async function run(ctx: GuildContext, args: SubcommandArgsOf<typeof SETTINGS_SUBCOMMANDS>): Promise<void> {
  const guildId = ctx.guildId;
  const store = ctx.store.settings;
  const defaults = { prefix: ctx.defaultPrefix };
  if (args.subcommand === "show") {
    const s = store.get(guildId);
    const lines = SETTINGS.map((spec) => `**${spec.label}**: ${spec.show(s, defaults)}`);
    await ctx.reply({ embeds: [{ title: "Server settings", description: lines.join("\n") }] });
    return;
  }
  const key = args.key.trim().toLowerCase();
  const spec = SETTINGS.find((x) => x.label === key);
  if (!spec) {
    throw new UserError("BAD_ARGUMENT", `Name a setting: ${SETTINGS.map((x) => `\`${x.label}\``).join(", ")}.`);
  }
  if (args.subcommand === "reset") {
    const s = store.reset(guildId, spec.key);
    await ctx.reply(`Reset **${spec.label}** to ${spec.show(s, defaults)}.`);
    return;
  }
  const text = args.value.trim();
  if (!text) throw new UserError("BAD_ARGUMENT", `Give a value for **${spec.label}**.`);
  const s = store.update(guildId, { [spec.key]: spec.parse(text) });
  await ctx.reply(`Set **${spec.label}** to ${spec.show(s, defaults)}.`);
}

/** Suggests setting names for `key` (names only: autocomplete skips the Manage Server check, values stay private). */
export async function autocomplete(_ctx: GuildContext, focused: FocusedOption): Promise<Choice[]> {
  if (focused.name !== "key") return [];
  const typed = focused.value.trim().toLowerCase();
  return SETTINGS.filter((spec) => spec.label.includes(typed))
    .slice(0, 25)
    .map((spec) => ({ name: spec.label, value: spec.label }));
}
