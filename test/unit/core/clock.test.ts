import { describe, expect, it } from "vitest";
import { systemClock, unrefTimer } from "../../../src/core/clock.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

describe("systemClock", () => {
  it("reports epoch milliseconds", () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("returns unref-able handles that can be cleared before firing", () => {
    let fired = false;
    const t = unrefTimer(systemClock.setTimeout(() => (fired = true), 60_000));
    const i = unrefTimer(systemClock.setInterval(() => (fired = true), 60_000));
    expect(typeof t.unref).toBe("function");
    systemClock.clearTimeout(t);
    systemClock.clearInterval(i);
    expect(fired).toBe(false);
  });
});

describe("FakeClock", () => {
  it("starts at the given time and moves only when advanced", () => {
    const clock = new FakeClock(1000);
    expect(clock.now()).toBe(1000);
    clock.advance(250);
    expect(clock.now()).toBe(1250);
  });

  it("runs due timers in due order, with now() at each due time", () => {
    const clock = new FakeClock(0);
    const seen: Array<[string, number]> = [];
    clock.setTimeout(() => seen.push(["b", clock.now()]), 20);
    clock.setTimeout(() => seen.push(["a", clock.now()]), 10);
    clock.setTimeout(() => seen.push(["c", clock.now()]), 20);
    clock.setTimeout(() => seen.push(["late", clock.now()]), 31);
    clock.advance(30);
    expect(seen).toEqual([
      ["a", 10],
      ["b", 20],
      ["c", 20],
    ]);
    expect(clock.pending()).toBe(1);
    expect(clock.now()).toBe(30);
  });

  it("repeats intervals and interleaves them with timeouts", () => {
    const clock = new FakeClock(0);
    const seen: string[] = [];
    const handle = clock.setInterval(() => seen.push(`i${clock.now()}`), 10);
    clock.setTimeout(() => seen.push(`t${clock.now()}`), 15);
    clock.advance(35);
    expect(seen).toEqual(["i10", "t15", "i20", "i30"]);
    clock.clearInterval(handle);
    clock.advance(100);
    expect(seen).toHaveLength(4);
    expect(clock.pending()).toBe(0);
  });

  it("runs timers scheduled by timers when they fall due within the same advance", () => {
    const clock = new FakeClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(clock.now());
      clock.setTimeout(() => seen.push(clock.now()), 5);
    }, 5);
    clock.advance(10);
    expect(seen).toEqual([5, 10]);
  });

  it("clamps delays below 1 ms like Node does", () => {
    const clock = new FakeClock(0);
    let fired = 0;
    clock.setTimeout(() => fired++, 0);
    clock.advance(0);
    expect(fired).toBe(0);
    clock.advance(1);
    expect(fired).toBe(1);
  });

  it("counts timers that would keep the process alive", () => {
    const clock = new FakeClock();
    clock.setTimeout(() => {}, 10);
    clock.setTimeout(() => {}, 10).unref?.();
    expect(clock.pending()).toBe(2);
    expect(clock.pendingRefed()).toBe(1);
  });

  it("advanceAsync lets promise work started by a timer finish before the next timer", async () => {
    const clock = new FakeClock(0);
    const seen: string[] = [];
    clock.setTimeout(() => {
      void Promise.resolve().then(() => seen.push("async-1"));
    }, 1);
    clock.setTimeout(() => seen.push("timer-2"), 2);
    await clock.advanceAsync(5);
    expect(seen).toEqual(["async-1", "timer-2"]);
  });
});
