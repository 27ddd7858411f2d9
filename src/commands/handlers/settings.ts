import { translator, userError } from "../../i18n/translate.ts";
import type { SETTINGS_SUBCOMMANDS } from "../defs/state.ts";
import { SETTINGS, type ShowContext } from "../settings-keys.ts";
import type { Choice, FocusedOption, GuildContext, SubcommandArgsOf } from "../types.ts";

/** `settings show|set|reset`: this server's settings (Manage Server). */
export async function run(ctx: GuildContext, args: SubcommandArgsOf<typeof SETTINGS_SUBCOMMANDS>): Promise<void> {
  const guildId = ctx.guildId;
  const store = ctx.store.settings;
  const shown: ShowContext = { prefix: ctx.defaultPrefix, defaultLanguage: ctx.defaultLanguage, t: ctx.t };
  if (args.subcommand === "show") {
    const s = store.get(guildId);
    const lines = SETTINGS.map((spec) => `**${spec.label}**: ${spec.show(s, shown)}`);
    await ctx.reply({ embeds: [{ title: ctx.t("settings.title"), description: lines.join("\n") }] });
    return;
  }
  const key = args.key.trim().toLowerCase();
  const spec = SETTINGS.find((x) => x.label === key);
  if (!spec) {
    throw userError("BAD_ARGUMENT", "settings.nameOne", { names: SETTINGS.map((x) => `\`${x.label}\``).join(", ") });
  }
  if (args.subcommand === "reset") {
    const s = store.reset(guildId, spec.key);
    // The answer is said in the language now in force: a language change answers in the new language.
    const t = translator(s.language ?? ctx.defaultLanguage);
    await ctx.reply(t("settings.reset", { name: spec.label, value: spec.show(s, { ...shown, t }) }));
    return;
  }
  const text = args.value.trim();
  if (!text) throw userError("BAD_ARGUMENT", "settings.giveValue", { name: spec.label });
  const s = store.update(guildId, { [spec.key]: spec.parse(text) });
  const t = translator(s.language ?? ctx.defaultLanguage);
  await ctx.reply(t("settings.set", { name: spec.label, value: spec.show(s, { ...shown, t }) }));
}

/** Suggests setting names for `key` (names only: autocomplete skips the Manage Server check, values stay private). */
export async function autocomplete(_ctx: GuildContext, focused: FocusedOption): Promise<Choice[]> {
  if (focused.name !== "key") return [];
  const typed = focused.value.trim().toLowerCase();
  return SETTINGS.filter((spec) => spec.label.includes(typed))
    .slice(0, 25)
    .map((spec) => ({ name: spec.label, value: spec.label }));
}
