import { describe, expect, it } from "vitest";
import { audioFilterChain, gainToDb } from "../../../src/music/embedded/ffmpeg-args.ts";
import { EQ_PRESETS } from "../../../src/music/equalizer.ts";
import { NO_FILTERS } from "../../../src/music/filters.ts";

describe("embedded engine: equalizer and distortion as ffmpeg filters", () => {
  it("maps Lavalink gains to decibels: 0 unchanged, 0.25 doubles, -0.25 mutes", () => {
    expect(gainToDb(0)).toBe(0);
    expect(gainToDb(0.25)).toBe(6);
    expect(gainToDb(-0.25)).toBe(-40);
  });

  it("one peaking band per changed band at Lavalink's centre frequencies, and a soft-clip distortion", () => {
    const chain = audioFilterChain(100, { ...NO_FILTERS, eq: { name: "bass", gains: EQ_PRESETS.bass ?? [] } });
    expect(chain.split(",")).toEqual([
      "equalizer=f=25:t=o:w=1:g=5.1",
      "equalizer=f=40:t=o:w=1:g=4.7",
      "equalizer=f=63:t=o:w=1:g=4.1",
      "equalizer=f=100:t=o:w=1:g=2.9",
      "equalizer=f=160:t=o:w=1:g=1.6",
    ]);
    expect(audioFilterChain(100, { ...NO_FILTERS, distortion: true })).toBe("aeval=exprs=tanh(3*val(ch)):c=same");
    expect(audioFilterChain(100, NO_FILTERS)).toBe("");
  });
});
