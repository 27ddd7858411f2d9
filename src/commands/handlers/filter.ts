import { userError } from "../../i18n/translate.ts";
import { FACTOR_MAX, FACTOR_MIN } from "../../music/filters.ts";
import type { BassLevel, FilterPreset } from "../../music/types.ts";
import type { FILTER_OPTIONS } from "../defs/effects.ts";
import type { ArgsOf, GuildContext } from "../types.ts";

const LEVELS: readonly BassLevel[] = ["low", "medium", "high"];

/** The preset's value: a bass level, a speed/pitch/rate factor, or nothing. */
export function filterValue(preset: FilterPreset, raw: unknown): BassLevel | number | string | undefined {
  const text = typeof raw === "string" ? raw.trim().toLowerCase() : "";
  // The equalizer reads its own text (a preset name or band:gain pairs) against the current curve.
  if (preset === "eq") return text;
  if (preset === "bassboost") {
    if (!text) return undefined;
    const level = LEVELS.find((l) => l === text);
    if (!level) throw userError("BAD_ARGUMENT", "filter.bassLevel");
    return level;
  }
  if (preset === "speed" || preset === "pitch" || preset === "rate") {
    const factor = Number(text.replace(/x$/, ""));
    if (!text || !Number.isFinite(factor) || factor < FACTOR_MIN || factor > FACTOR_MAX) {
      throw userError("BAD_ARGUMENT", "filter.factor", { preset, min: FACTOR_MIN, max: FACTOR_MAX });
    }
    return Math.round(factor * 100) / 100;
  }
  return undefined;
}

export async function run(ctx: GuildContext, args: ArgsOf<typeof FILTER_OPTIONS>): Promise<void> {
  const preset = args.preset;
  const labels = await ctx.music.applyFilter(ctx.guildId, preset, filterValue(preset, args.value));
  await ctx.reply(labels.length > 0 ? ctx.t("filter.on", { filters: labels.join(", ") }) : ctx.t("filter.off"));
}
