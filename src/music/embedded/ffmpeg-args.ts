import { EQ_BAND_HZ } from "../equalizer.ts";
import { type FilterState, NIGHTCORE, VAPORWAVE } from "../filters.ts";

/**
 * A Lavalink equalizer gain as ffmpeg decibels. Lavalink's gain is a multiplier offset: -0.25 mutes a band, 0 leaves
 * it, 0.25 doubles it (amplitude 1 + 4·gain); a muted band becomes -40 dB.
 */
export function gainToDb(gain: number): number {
  const amplitude = 1 + 4 * gain;
  return amplitude <= 0.01 ? -40 : Math.round(20 * Math.log10(amplitude) * 10) / 10;
}

/** Bass boost gain in dB per level (ffmpeg `bass` filter). */
const BASS_DB = { low: 4, medium: 8, high: 12 } as const;

function timescaleOf(s: FilterState): { speed: number; pitch: number; rate: number } | null {
  if (s.timescale === "nightcore") return NIGHTCORE;
  if (s.timescale === "vaporwave") return VAPORWAVE;
  return s.timescale;
}

/** How much faster than real time the track advances under the filters (position keeping). */
export function tempoOf(s: FilterState): number {
  const t = timescaleOf(s);
  return t ? t.speed * t.rate : 1;
}

/** The ffmpeg `-af` chain for a volume (0–150, %) and Encore's filter presets; empty when neutral. */
export function audioFilterChain(volume: number, s: FilterState): string {
  const parts: string[] = [];
  const t = timescaleOf(s);
  if (t) {
    // pitch and rate both resample; speed and the pitch compensation are tempo changes.
    const resample = t.pitch * t.rate;
    if (resample !== 1) parts.push(`asetrate=${Math.round(48_000 * resample)}`, "aresample=48000");
    const tempo = t.speed / t.pitch;
    if (tempo !== 1) parts.push(`atempo=${tempo.toFixed(4)}`);
  }
  if (s.bass) parts.push(`bass=g=${BASS_DB[s.bass]}`);
  // The 15-band curve as one-octave peaking bands at Lavalink's centre frequencies.
  s.eq?.gains.forEach((gain, band) => {
    if (gain !== 0) parts.push(`equalizer=f=${EQ_BAND_HZ[band]}:t=o:w=1:g=${gainToDb(gain)}`);
  });
  if (s.eightD) parts.push("apulsator=hz=0.2");
  if (s.karaoke) parts.push("pan=stereo|c0=c0-c1|c1=c1-c0");
  if (s.tremolo) parts.push("tremolo=f=4:d=0.75");
  if (s.vibrato) parts.push("vibrato=f=4:d=0.75");
  if (s.lowpass) parts.push("lowpass=f=500");
  // Lavalink's sine/cosine/tangent shaping has no ffmpeg twin: a driven tanh soft clip per channel instead (aeval works
  // on every ffmpeg build; asoftclip needs 4.3 or newer).
  if (s.distortion) parts.push("aeval=exprs=tanh(3*val(ch)):c=same");
  if (volume !== 100) parts.push(`volume=${(volume / 100).toFixed(2)}`);
  return parts.join(",");
}

/**
 * Arguments for one ffmpeg run: read `input` (a file path, or `pipe:0` for a stream Encore fetches itself), start at
 * `positionMs`, apply the filter chain and write Ogg Opus (48 kHz stereo) to stdout for @discordjs/voice to demux.
 */
export function transcodeArgs(input: string, positionMs: number, filterChain: string): string[] {
  return [
    "-hide_banner",
    "-loglevel",
    "error",
    ...(positionMs > 0 ? ["-ss", (positionMs / 1000).toFixed(3)] : []),
    "-i",
    input,
    "-vn",
    ...(filterChain ? ["-af", filterChain] : []),
    "-c:a",
    "libopus",
    "-b:a",
    "128k",
    "-ar",
    "48000",
    "-ac",
    "2",
    "-f",
    "ogg",
    "pipe:1",
  ];
}
