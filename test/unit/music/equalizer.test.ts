import { describe, expect, it } from "vitest";
import { EQ_PRESETS, equalizerBands, parseEq } from "../../../src/music/equalizer.ts";

describe("equalizer", () => {
  it("reads presets, off, and band:gain pairs on top of the current curve", () => {
    expect(parseEq("Rock", null)).toEqual({ name: "rock", gains: EQ_PRESETS.rock });
    expect(parseEq("off", { name: "rock", gains: [...(EQ_PRESETS.rock ?? [])] })).toBeNull();
    const custom = parseEq("0:0.5, 3=-0.1", { name: "bass", gains: [...(EQ_PRESETS.bass ?? [])] });
    expect(custom?.name).toBe("custom");
    expect(custom?.gains.slice(0, 4)).toEqual([0.5, 0.18, 0.15, -0.1]);
    expect(parseEq("0:0", null)).toBeNull();
  });

  it.each(["15:0.1", "-1:0.1", "0:2", "0:-0.3", "bass!", "0:"])("refuses %j", (text) => {
    expect(() => parseEq(text, null)).toThrow();
  });

  it("adds bass boost to the curve, clamps, and leaves out flat bands", () => {
    expect(equalizerBands({ name: "c", gains: [0.9, 0, -0.25, ...new Array(12).fill(0)] }, [0.3, 0.1, -0.1])).toEqual([
      { band: 0, gain: 1 },
      { band: 1, gain: 0.1 },
      { band: 2, gain: -0.25 },
    ]);
    expect(equalizerBands(null, null)).toEqual([]);
  });
});
