import { describe, expect, it } from "vitest";
import { formatDuration, progressBar, safe } from "../../../src/discord/format.ts";

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
    expect(progressBar(5, 0)).toContain("live");
  });
});
