import { DISTORTION, type EqState, equalizerBands, parseEq } from "./equalizer.ts";
import type { BassLevel, FilterPreset } from "./types.ts";

/** Every preset the filter command offers, in the order shown to users. */
export const FILTER_PRESETS: readonly FilterPreset[] = [
  "bassboost",
  "nightcore",
  "vaporwave",
  "8d",
  "karaoke",
  "tremolo",
  "vibrato",
  "lowpass",
  "speed",
  "pitch",
  "rate",
  "eq",
  "distortion",
  "off",
];

/**
 * Encore's filter presets as Lavalink v4 `filters` JSON. The state is what the user asked for; `filterPayload` turns
 * it into the exact body sent to the node (Lavalink replaces the whole filter set on every update).
 */
export interface FilterState {
  readonly bass: BassLevel | null;
  /** nightcore / vaporwave set the timescale; speed, pitch and rate adjust it ("custom"). */
  readonly timescale: "nightcore" | "vaporwave" | { speed: number; pitch: number; rate: number } | null;
  readonly eightD: boolean;
  readonly karaoke: boolean;
  readonly tremolo: boolean;
  readonly vibrato: boolean;
  readonly lowpass: boolean;
  /** The 15-band equalizer curve (a preset or custom gains); bass boost adds to it. */
  readonly eq?: EqState | null;
  readonly distortion?: boolean;
}

export const NO_FILTERS: FilterState = Object.freeze({
  bass: null,
  timescale: null,
  eightD: false,
  karaoke: false,
  tremolo: false,
  vibrato: false,
  lowpass: false,
  eq: null,
  distortion: false,
});

/** Gains for the lowest equalizer bands (25 Hz upwards); the other bands stay flat. */
export const BASS_BANDS: Record<BassLevel, readonly number[]> = {
  low: [0.1, 0.08, 0.05],
  medium: [0.2, 0.15, 0.1, 0.05],
  high: [0.3, 0.25, 0.2, 0.1, 0.05],
};

export const NIGHTCORE = Object.freeze({ speed: 1.2, pitch: 1.2, rate: 1 });
export const VAPORWAVE = Object.freeze({ speed: 0.85, pitch: 0.8, rate: 1 });
export const FACTOR_MIN = 0.5;
export const FACTOR_MAX = 2;

/** The Lavalink `filters` object for a state; `{}` clears every filter. */
export function filterPayload(s: FilterState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const bands = equalizerBands(s.eq ?? null, s.bass ? BASS_BANDS[s.bass] : null);
  if (bands.length > 0) out.equalizer = bands;
  if (s.timescale === "nightcore") out.timescale = { ...NIGHTCORE };
  else if (s.timescale === "vaporwave") out.timescale = { ...VAPORWAVE };
  else if (s.timescale) out.timescale = { ...s.timescale };
  if (s.eightD) out.rotation = { rotationHz: 0.2 };
  if (s.karaoke) out.karaoke = { level: 1, monoLevel: 1, filterBand: 220, filterWidth: 100 };
  if (s.tremolo) out.tremolo = { frequency: 4, depth: 0.75 };
  if (s.vibrato) out.vibrato = { frequency: 4, depth: 0.75 };
  if (s.lowpass) out.lowPass = { smoothing: 20 };
  if (s.distortion) out.distortion = { ...DISTORTION };
  return out;
}

/** Labels shown in replies and the now-playing message. */
export function filterLabels(s: FilterState): string[] {
  const labels: string[] = [];
  if (s.bass) labels.push(`bass boost (${s.bass})`);
  if (s.timescale === "nightcore" || s.timescale === "vaporwave") labels.push(s.timescale);
  else if (s.timescale) {
    for (const key of ["speed", "pitch", "rate"] as const) {
      if (s.timescale[key] !== 1) labels.push(`${key} ${s.timescale[key]}×`);
    }
  }
  if (s.eightD) labels.push("8d");
  if (s.karaoke) labels.push("karaoke");
  if (s.tremolo) labels.push("tremolo");
  if (s.vibrato) labels.push("vibrato");
  if (s.lowpass) labels.push("lowpass");
  if (s.eq) labels.push(`eq (${s.eq.name})`);
  if (s.distortion) labels.push("distortion");
  return labels;
}

const TOGGLES = {
  "8d": "eightD",
  karaoke: "karaoke",
  tremolo: "tremolo",
  vibrato: "vibrato",
  lowpass: "lowpass",
  distortion: "distortion",
} as const;

/**
 * The state after applying `preset`. On/off presets (nightcore, vaporwave, 8d, karaoke, tremolo, vibrato, lowpass)
 * toggle; bassboost sets a level (the same level again turns it off); speed, pitch and rate set a factor (1 = normal).
 */
export function nextFilterState(
  s: FilterState,
  preset: FilterPreset,
  value?: BassLevel | number | string,
): FilterState {
  switch (preset) {
    case "off":
      return NO_FILTERS;
    case "eq":
      return { ...s, eq: parseEq(typeof value === "string" ? value : "", s.eq ?? null) };
    case "bassboost": {
      const level: BassLevel = value === "low" || value === "medium" || value === "high" ? value : "medium";
      return { ...s, bass: s.bass === level ? null : level };
    }
    case "nightcore":
    case "vaporwave":
      return { ...s, timescale: s.timescale === preset ? null : preset };
    case "speed":
    case "pitch":
    case "rate": {
      const factor = typeof value === "number" ? value : 1;
      const base = s.timescale && typeof s.timescale === "object" ? s.timescale : { speed: 1, pitch: 1, rate: 1 };
      const next = { ...base, [preset]: factor };
      const neutral = next.speed === 1 && next.pitch === 1 && next.rate === 1;
      return { ...s, timescale: neutral ? null : next };
    }
    default: {
      const key = TOGGLES[preset];
      return { ...s, [key]: !s[key] };
    }
  }
}
