import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../../src/music/node-backoff.ts";

describe("backoffDelay", () => {
  it("doubles from the base up to the cap, with up to half of each step random", () => {
    const low = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, 1000, 60_000, () => 0));
    const high = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, 1000, 60_000, () => 1));
    expect(low).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(high).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(backoffDelay(3, 1000, 60_000, () => 0.5)).toBe(6000);
  });

  it("stays finite and capped however many attempts failed", () => {
    expect(backoffDelay(10_000, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
