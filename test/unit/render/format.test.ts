import { describe, expect, it } from "vitest";
import { english } from "../../../src/i18n/translate.ts";
import {
  formatDuration,
  progressBar,
  progressLine,
  safe,
  totalLength,
  trackLength,
} from "../../../src/render/format.ts";

describe("format", () => {
  it.each([
    [0, "0:00"],
    [65_000, "1:05"],
    [3_723_000, "1:02:03"],
  ])("formatDuration(%d) = %s", (ms, text) => expect(formatDuration(ms)).toBe(text));

  it("breaks mass mentions and escapes markdown", () => {
    const out = safe("@everyone **bold** @here <@123> [x](http://evil)");
    expect(out).not.toMatch(/@everyone|@here/);
    expect(out).toContain("@\u200beveryone");
    expect(out).toContain("\\*\\*bold\\*\\*");
    expect(out).not.toContain("<@123>");
    expect(out).toContain("\\[x\\]");
  });

  it("clips long text", () => {
    expect(safe("a".repeat(300), 10)).toHaveLength(10);
  });

  it("draws a progress bar with the knob where the position is", () => {
    expect(progressBar(0, 100, 10)).toBe("🔘▬▬▬▬▬▬▬▬▬");
    expect(progressBar(50, 100, 10)).toBe("▬▬▬▬▬🔘▬▬▬▬");
    expect(progressBar(100, 100, 10)).toBe("▬▬▬▬▬▬▬▬▬🔘");
    expect(progressBar(5, 0, 4)).toBe("▬▬▬▬");
  });

  it("shows live and unknown lengths as such everywhere, never as 0:00", () => {
    const live = { isStream: true, durationMs: 9_223_372_036_854 };
    const unknown = { isStream: false, durationMs: 0 };
    const known = { isStream: false, durationMs: 212_000 };
    expect([live, unknown, known].map((t) => trackLength(english, t))).toEqual(["live", "unknown length", "3:32"]);
    expect(progressLine(english, live, 2000)).toBe("🔴 live · 0:02 played");
    expect(progressLine(english, unknown, 2000)).toBe("unknown length · 0:02 played");
    expect(progressLine(english, known, 106_000)).toBe("▬▬▬▬▬▬▬▬🔘▬▬▬▬▬▬▬ 1:46 / 3:32");
    expect(totalLength(english, [known, known])).toBe("7:04");
    expect(totalLength(english, [known, unknown, live])).toBe("at least 3:32");
  });
});
