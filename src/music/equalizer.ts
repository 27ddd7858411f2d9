import { userError } from "../i18n/translate.ts";

/** Lavalink's equalizer: 15 bands, 0 to 14. */
export const EQ_BAND_COUNT = 15;
/** Centre frequency of each band, for help text. */
export const EQ_BAND_HZ = [25, 40, 63, 100, 160, 250, 400, 630, 1000, 1600, 2500, 4000, 6300, 10_000, 16_000] as const;
/** Gains Lavalink accepts: -0.25 mutes a band, 0 leaves it, 0.25 doubles it (amplitude 1 + 4·gain). */
export const EQ_GAIN_MIN = -0.25;
export const EQ_GAIN_MAX = 1;

/** Named curves for `filter eq <preset>`; `flat` (or `off`) clears the equalizer. */
export const EQ_PRESETS: Readonly<Record<string, readonly number[]>> = Object.freeze({
  flat: new Array(EQ_BAND_COUNT).fill(0),
  bass: [0.2, 0.18, 0.15, 0.1, 0.05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  rock: [0.3, 0.25, 0.2, 0.1, 0.05, -0.05, -0.15, -0.2, -0.1, -0.05, 0.05, 0.1, 0.2, 0.25, 0.3],
  pop: [-0.02, -0.01, 0.08, 0.1, 0.15, 0.1, 0.03, -0.02, -0.035, -0.05, -0.05, -0.05, -0.05, -0.05, -0.05],
  classical: [0.375, 0.35, 0.125, 0, 0, 0.125, 0.55, 0.05, 0.125, 0.25, 0.2, 0.25, 0.3, 0.25, 0.3],
  electronic: [0.375, 0.35, 0.125, 0, 0, -0.125, -0.125, 0, 0.25, 0.125, 0.15, 0.2, 0.25, 0.35, 0.4],
  vocal: [-0.2, -0.15, -0.1, 0, 0.1, 0.2, 0.25, 0.25, 0.2, 0.15, 0.1, 0, -0.05, -0.1, -0.15],
  treble: [0, 0, 0, 0, 0, 0, 0, 0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.3],
  soft: [0, 0, 0, 0, 0, 0, 0, 0, -0.25, -0.25, -0.25, -0.25, -0.25, -0.25, -0.25],
});

export const EQ_PRESET_NAMES: readonly string[] = Object.keys(EQ_PRESETS);

/** The equalizer a guild asked for: a preset's name (or "custom") and the 15 gains. */
export interface EqState {
  readonly name: string;
  readonly gains: readonly number[];
}

const round = (g: number) => Math.round(g * 1000) / 1000;

/**
 * Reads `filter eq` input: a preset name, `off`, or `band:gain` pairs (`0:0.3 14:-0.1`) applied on top of the
 * current curve. Returns null to clear the equalizer. @throws UserError BAD_ARGUMENT naming what is wrong
 */
export function parseEq(text: string, current: EqState | null): EqState | null {
  const t = text.trim().toLowerCase();
  if (!t) {
    throw userError("BAD_ARGUMENT", "music.eqUsage", {
      presets: EQ_PRESET_NAMES.join(", "),
      min: EQ_GAIN_MIN,
      max: EQ_GAIN_MAX,
    });
  }
  if (t === "off" || t === "flat" || t === "reset") return null;
  const preset = EQ_PRESETS[t];
  if (preset) return { name: t, gains: [...preset] };
  const gains = current ? [...current.gains] : new Array<number>(EQ_BAND_COUNT).fill(0);
  for (const pair of t.split(/[\s,]+/).filter(Boolean)) {
    const m = pair.match(/^(\d{1,2})[:=](-?\d*\.?\d+)$/);
    const band = m ? Number(m[1]) : Number.NaN;
    const gain = m ? Number(m[2]) : Number.NaN;
    if (!m || !Number.isInteger(band) || band < 0 || band >= EQ_BAND_COUNT) {
      throw userError("BAD_ARGUMENT", "music.eqBand");
    }
    if (!Number.isFinite(gain) || gain < EQ_GAIN_MIN || gain > EQ_GAIN_MAX) {
      throw userError("BAD_ARGUMENT", "music.eqGain", { min: EQ_GAIN_MIN, max: EQ_GAIN_MAX });
    }
    gains[band] = round(gain);
  }
  return gains.every((g) => g === 0) ? null : { name: "custom", gains };
}

/** Equalizer bands for the node: the curve plus bass boost gains, clamped; only bands that change anything. */
export function equalizerBands(eq: EqState | null, bass: readonly number[] | null): { band: number; gain: number }[] {
  const out: { band: number; gain: number }[] = [];
  for (let band = 0; band < EQ_BAND_COUNT; band++) {
    const gain = round((eq?.gains[band] ?? 0) + (bass?.[band] ?? 0));
    if (gain !== 0) out.push({ band, gain: Math.min(EQ_GAIN_MAX, Math.max(EQ_GAIN_MIN, gain)) });
  }
  return out;
}

/** Lavalink's distortion filter at its plain settings: sine, cosine and tangent shaping summed. */
export const DISTORTION = Object.freeze({
  sinOffset: 0,
  sinScale: 1,
  cosOffset: 0,
  cosScale: 1,
  tanOffset: 0,
  tanScale: 1,
  offset: 0,
  scale: 1,
});
